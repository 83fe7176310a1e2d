"""The deadline of the call being served, when its client set one.

The transport sets it per call; commands check it before deciding and before
saving, and PostgreSQL statements of the call are bounded by what is left of
it, so work stops when the client stops waiting.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import monotonic

_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)


class DeadlineExceeded(Exception):
    code = "DEADLINE_EXCEEDED"


@contextmanager
def deadline_after(seconds: float | None) -> Iterator[None]:
    token = _deadline.set(None if seconds is None else monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline, or None when there is none."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - monotonic()


def check() -> None:
    left = remaining()
    if left is not None and left <= 0:
        raise DeadlineExceeded("the client's deadline passed; nothing was recorded")
