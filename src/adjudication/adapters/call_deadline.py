"""The deadline of the call being served: the client's, never later than the
server's ceiling (a call without a deadline gets the ceiling).

The transport sets it per call; commands check it before deciding and before
saving, and PostgreSQL statements of the call are bounded by what is left of
it, so work stops when the client stops waiting. What a call holds for its
whole length (`held`: one PostgreSQL connection per pool) is let go when it
ends.
"""

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from time import monotonic
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_CEILING_SECONDS = 60.0

_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)
# What the call holds, by key, and how each is let go at its end.
_held: ContextVar[tuple[dict[Any, Any], ExitStack] | None] = ContextVar(
    "held", default=None
)
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
    with ExitStack() as ending:
        token = _deadline.set(monotonic() + bounded)
        held = _held.set(({}, ending))
        try:
            yield
        finally:
            _held.reset(held)
            _deadline.reset(token)


def held(key: object, make: Callable[[], T], let_go: Callable[[T], None]) -> T | None:
    """What the call holds under `key`, made at its first use and let go
    when the call ends; None outside a call."""
    call = _held.get()
    if call is None:
        return None
    things, ending = call
    if key not in things:
        thing = things[key] = make()
        ending.callback(let_go, thing)
    found: T = things[key]
    return found


def remaining() -> float | None:
    """Seconds left before the deadline, or None outside a call."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - monotonic()


def check() -> None:
    left = remaining()
    if left is not None and left <= 0:
        raise DeadlineExceeded("the call's deadline passed; nothing was recorded")
