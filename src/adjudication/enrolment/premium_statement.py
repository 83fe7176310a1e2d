"""The premium statement for the county finance bureau: confirmed insured ×
the scheme year's premium, per township, as confirmed by a date, folded from
the enrolment log (enrolments and confirmations only)."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper
from eventsourcing.utils import get_topic

from adjudication.domain.enrolment import Insured
from adjudication.domain.scheme_year import SchemeYear

# The topics of the classes the library defines from the aggregate's methods.
ENROLLED = get_topic(Insured.Enrolled)  # type: ignore[attr-defined]
CONFIRMED = get_topic(Insured.RegistrationConfirmed)  # type: ignore[attr-defined]
PAGE = 5000


@dataclass(frozen=True)
class PremiumLine:
    township: str
    insured: int
    premium_fen: int


def premium_statement(
    recorder: ApplicationRecorder,
    mapper: Mapper[UUID],
    scheme: SchemeYear,
    as_of: date,
) -> list[PremiumLine]:
    townships: dict[UUID, str] = {}
    confirmed: dict[str, int] = {}
    position = 0
    while notifications := recorder.select_notifications(
        start=position + 1, limit=PAGE, topics=(ENROLLED, CONFIRMED)
    ):
        for notification in notifications:
            happened: Any = mapper.to_domain_event(notification)
            if notification.topic == ENROLLED:
                if happened.scheme_id == scheme.id:
                    townships[happened.originator_id] = happened.township
            elif (
                notification.topic == CONFIRMED
                and happened.originator_id in townships
                and happened.confirmed_on <= as_of
            ):
                township = townships[happened.originator_id]
                confirmed[township] = confirmed.get(township, 0) + 1
        position = notifications[-1].id
    return [
        PremiumLine(t, n, n * scheme.premium_fen) for t, n in sorted(confirmed.items())
    ]
