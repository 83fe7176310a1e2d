"""Reading from read models: read-your-writes within the call's deadline."""

from typing import Any

from adjudication.adapters import call_deadline
from adjudication.adapters.storage import CLAIMS_LOG

WAIT_WITHOUT_DEADLINE = 5.0


def see(view: Any, position: int) -> None:
    """Wait until the view has processed the log up to `position`."""
    if position <= 0 or view is None:
        return
    left = call_deadline.remaining()
    try:
        view.wait(
            CLAIMS_LOG,
            position,
            timeout=WAIT_WITHOUT_DEADLINE if left is None else left,
        )
    except TimeoutError:
        raise call_deadline.DeadlineExceeded(
            f"the read model has not reached position {position} yet"
        ) from None
