"""One accident of one person; every claim that arises from it names it, so the
per-accident rules (deductible once, death offset, worsening, top-up) see each
other.

An accident is recorded once (scheme-2024.md I10): the insured's accident
register knows every accident recorded for them by date, and is saved in the
same transaction as a new accident, so two racing reports of one accident
cannot both record it. An officer may correct an accident's facts, with a
reason; the event keeps the facts before and after."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from adjudication.domain.claim import Claim
from adjudication.domain.errors import StateForbids
from adjudication.domain.facts import AccidentFacts


@dataclass(frozen=True)
class Correction:
    """What an officer changed of an accident, and why."""

    before: AccidentFacts
    after: AccidentFacts
    reason_code: str
    reason_text: str
    corrected_on: date


class Accident(Aggregate):
    @event("Recorded")
    def __init__(
        self,
        insured_id_number: str,
        occurred_on: date,
        place: str,
        cause: str,
        description: str,
        request_id: str,
        actor: str,
        # The reporter said it is not the accident already recorded on that date.
        distinct_accident: bool = False,
    ) -> None:
        self.insured_id_number = insured_id_number
        self.occurred_on = occurred_on
        self.place = place
        self.cause = cause
        self.description = description
        self.distinct_accident = distinct_accident
        self.corrections: tuple[Correction, ...] = ()
        # Its claims: the first is the report's that recorded it.
        self.claim_ids: tuple[UUID, ...] = (Claim.create_id(request_id),)

    @property
    def facts(self) -> AccidentFacts:
        return AccidentFacts(self.occurred_on, self.place, self.cause, self.description)

    def attach(self, claim_id: UUID) -> None:
        """A later claim reported for this accident."""
        if claim_id not in self.claim_ids:
            self._claim_attached(claim_id)

    @event("ClaimAttached")
    def _claim_attached(self, claim_id: UUID) -> None:
        self.claim_ids += (claim_id,)

    def correct(
        self,
        facts: AccidentFacts,
        reason_code: str,
        reason_text: str,
        corrected_on: date,
        request_id: str,
        actor: str,
    ) -> Correction:
        """Record the officer's new facts (checked by the caller)."""
        if facts == self.facts:
            raise StateForbids(
                "the correction changes nothing of the accident", "NOTHING_CORRECTED"
            )
        correction = Correction(
            self.facts, facts, reason_code, reason_text, corrected_on
        )
        self._corrected(correction, request_id, actor)
        return correction

    @event("Corrected")
    def _corrected(self, correction: Correction, request_id: str, actor: str) -> None:
        after = correction.after
        self.occurred_on = after.occurred_on
        self.place = after.place
        self.cause = after.cause
        self.description = after.description
        self.corrections += (correction,)


class AccidentRegister(Aggregate):
    """Every accident recorded for one insured, by date."""

    @event("Opened")
    def __init__(self, id: UUID, insured_id_number: str) -> None:
        self.insured_id_number = insured_id_number
        self.occurred_on: dict[UUID, date] = {}

    def on(self, day: date) -> tuple[UUID, ...]:
        """The accidents recorded on a day, in the order they were recorded."""
        return tuple(a for a, d in self.occurred_on.items() if d == day)

    def record(self, accident: Accident) -> None:
        """Register a new accident; refuse one on a date that already has an
        accident, unless the report says it is a different accident."""
        known = self.on(accident.occurred_on)
        if known and not accident.distinct_accident:
            ids = ",".join(str(a) for a in known)
            raise StateForbids(
                f"an accident of the insured on {accident.occurred_on} is already "
                f"recorded ({ids}): report the claim with its accident_id, or say "
                "distinct_accident if this is another accident",
                "ACCIDENT_ALREADY_RECORDED",
                details={"accident_ids": ids},
            )
        self._recorded(accident.id, accident.occurred_on)

    @event("AccidentRecorded")
    def _recorded(self, accident_id: UUID, occurred_on: date) -> None:
        self.occurred_on[accident_id] = occurred_on

    def move(self, accident_id: UUID, occurred_on: date) -> None:
        """An accident's date was corrected (an accident recorded before the
        register existed joins it then)."""
        if self.occurred_on.get(accident_id) != occurred_on:
            self._moved(accident_id, occurred_on)

    @event("AccidentMoved")
    def _moved(self, accident_id: UUID, occurred_on: date) -> None:
        self.occurred_on[accident_id] = occurred_on
