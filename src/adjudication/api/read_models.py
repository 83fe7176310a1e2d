"""Reading from read models: read-your-writes, bounded, and the read models a
call cannot do without."""

from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import TypeVar

from adjudication.adapters import call_deadline
from adjudication.adapters.storage import CLAIMS_LOG
from adjudication.domain.errors import Violations
from projections.views import FollowsTheLog

V = TypeVar("V")

# The longest a call waits for a read model, whatever its deadline: a waiting
# call holds one of the server's threads.
WAIT_CEILING_SECONDS = 5.0


@dataclass(frozen=True)
class ReadYourWrites:
    """`log_end`: the position of the last event of the claims' log."""

    log_end: Callable[[], int | None]
    ceiling: float = WAIT_CEILING_SECONDS

    def see(self, position: int, *views: FollowsTheLog | None) -> None:
        """Wait until the views have processed the log up to `position` (a
        request's `min_position`): a position the log has not reached is
        refused at once, and the wait ends with the call's deadline or the
        ceiling, whichever comes first."""
        views_to_wait = [v for v in views if v is not None]
        if position <= 0 or not views_to_wait:
            return
        end = self.log_end() or 0
        if position > end:
            problems = Violations()
            problems.add(
                "min_position",
                f"position {position} is beyond the end of the log ({end}): give "
                "a position a response returned",
                "POSITION_BEYOND_LOG",
            )
            problems.raise_if_any()
        left = call_deadline.remaining()
        wait = self.ceiling if left is None else min(left, self.ceiling)
        until = monotonic() + wait
        try:
            for view in views_to_wait:
                view.wait(CLAIMS_LOG, position, timeout=max(until - monotonic(), 0))
        except TimeoutError:
            raise call_deadline.DeadlineExceeded(
                f"the read model has not reached position {position} yet; retry"
            ) from None


def required(view: V | None, name: str) -> V:
    """The read model a call reads; a server started without read models
    fails the call (INTERNAL)."""
    if view is None:
        raise RuntimeError(f"this server has no {name} read model")
    return view
