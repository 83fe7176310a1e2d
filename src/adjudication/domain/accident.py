"""One accident of one person; every claim that arises from it names it, so the
per-accident rules (deductible once, death offset, worsening, top-up) see each
other."""

from datetime import date

from eventsourcing.domain import Aggregate, event

from adjudication.domain.facts import AccidentFacts


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
    ) -> None:
        self.insured_id_number = insured_id_number
        self.occurred_on = occurred_on
        self.place = place
        self.cause = cause
        self.description = description

    @property
    def facts(self) -> AccidentFacts:
        return AccidentFacts(self.occurred_on, self.place, self.cause, self.description)
