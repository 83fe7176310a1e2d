"""Where the logs end, read from the store a server writes."""

from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication


class LogPositions:
    """The heads of the claims log and of the enrolment log."""

    def __init__(self, env: dict[str, str]) -> None:
        self.enrolment = EnrolmentApplication(env=env)
        self.claims = ClaimsApplication(self.enrolment, env=env)

    def __call__(self) -> tuple[int, int]:
        return (
            self.claims.recorder.max_notification_id() or 0,
            self.enrolment.recorder.max_notification_id() or 0,
        )

    def close(self) -> None:
        self.claims.close()
        self.enrolment.close()
