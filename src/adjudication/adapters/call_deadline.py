"""The deadline of the call being served: the client's, never later than the
server's ceiling (a call without a deadline gets the ceiling).

The transport sets it per call; commands check it before deciding and before
saving, and PostgreSQL statements of the call are bounded by what is left of
it, so work stops when the client stops waiting.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import monotonic

DEFAULT_CEILING_SECONDS = 60.0

_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)
# Set once by the server from its settings (ADJUDICATION_MAX_CALL_SECONDS).
_ceiling = DEFAULT_CEILING_SECONDS


class DeadlineExceeded(Exception):
    code = "DEADLINE_EXCEEDED"


def set_ceiling(seconds: float) -> None:
    global _ceiling
    _ceiling = seconds


@contextmanager
def deadline_after(seconds: float | None) -> Iterator[None]:
    """A call's deadline: `seconds` (None: the client set none) or the
    ceiling, whichever is sooner."""
    bounded = _ceiling if seconds is None else min(seconds, _ceiling)
    token = _deadline.set(monotonic() + bounded)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline, or None outside a call."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - monotonic()


def check() -> None:
    left = remaining()
    if left is not None and left <= 0:
        raise DeadlineExceeded("the call's deadline passed; nothing was recorded")
