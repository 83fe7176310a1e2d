"""Reading from read models: read-your-writes within the call's deadline, and
the read models a call cannot do without."""

from typing import TypeVar

from adjudication.adapters import call_deadline
from adjudication.adapters.storage import CLAIMS_LOG
from projections.views import FollowsTheLog

V = TypeVar("V")

# The longest a read waits for its read model, within the call's deadline
# (which the server's ceiling bounds): a position far ahead of the log does
# not hold a server thread.
MAX_WAIT_SECONDS = 5.0


def see(view: FollowsTheLog | None, position: int) -> None:
    """Wait until the view has processed the log up to `position`."""
    if position <= 0 or view is None:
        return
    left = call_deadline.remaining()
    try:
        view.wait(
            CLAIMS_LOG,
            position,
            timeout=MAX_WAIT_SECONDS if left is None else min(left, MAX_WAIT_SECONDS),
        )
    except TimeoutError:
        raise call_deadline.DeadlineExceeded(
            f"the read model has not reached position {position} yet"
        ) from None


def required(view: V | None, name: str) -> V:
    """The read model a call reads; a server started without read models
    fails the call (INTERNAL)."""
    if view is None:
        raise RuntimeError(f"this server has no {name} read model")
    return view
