"""Per-insured benefit usage: what each person has consumed of each benefit in a
scheme year (fen, hospital days, claims), from their benefit ledger
(`Coverage`) as it stood after each of its events."""

from dataclasses import dataclass
from functools import singledispatchmethod
from typing import ClassVar, Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from adjudication.domain import masking
from adjudication.domain.benefits import Benefit
from adjudication.domain.coverage import Coverage
from projections.log import ReadsTheLog
from projections.views import (
    FollowsTheLog,
    PostgresView,
    SQLiteView,
    Statement,
    ViewTables,
)


@dataclass(frozen=True)
class UsageRow:
    scheme_id: str
    insured: str  # masked
    benefit: str
    consumed_fen: int
    days: int
    claims: int


class BenefitUsageView(FollowsTheLog, Protocol):
    """What a reader of an insured's usage reads."""

    def usage(self, scheme_id: str, resident_id_number: str) -> list[UsageRow]: ...


class UsageTables(ViewTables):
    TABLES: ClassVar[dict[str, str]] = {
        "usage": "coverage_id TEXT, scheme_id TEXT, insured_key TEXT, insured TEXT, "
        "benefit TEXT, consumed_fen BIGINT, days BIGINT, claims BIGINT, "
        "PRIMARY KEY (coverage_id, benefit)",
    }

    def usage(self, scheme_id: str, resident_id_number: str) -> list[UsageRow]:
        rows = self.query(
            "SELECT scheme_id, insured, benefit, consumed_fen, days, claims "
            "FROM {usage} WHERE scheme_id = %s AND insured_key = %s ORDER BY benefit",
            (scheme_id, self.sealer.lookup_key(resident_id_number)),
        )
        return [UsageRow(s, i, b, int(f), int(d), int(c)) for s, i, b, f, d, c in rows]

    def record_usage(self, coverage: Coverage, tracking: Tracking) -> None:
        """What the insured has consumed, as their ledger stands after the
        event at `tracking`."""
        usage = coverage.usage()
        coverage_id = str(coverage.id)
        statements: list[Statement] = [
            ("DELETE FROM {usage} WHERE coverage_id = %s", (coverage_id,))
        ]
        for benefit, lines in usage.lines.items():
            days = len(usage.days) if benefit == Benefit.HOSPITAL_ALLOWANCE else 0
            statements.append(
                (
                    "INSERT INTO {usage} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        coverage_id,
                        coverage.scheme_id,
                        self.sealer.lookup_key(coverage.insured_id_number),
                        masking.resident_id(coverage.insured_id_number),
                        str(benefit),
                        usage.total_fen(benefit),
                        days,
                        lines,
                    ),
                )
            )
        self.apply(statements, tracking)


class SQLiteBenefitUsage(UsageTables, SQLiteView):
    pass


class PostgresBenefitUsage(UsageTables, PostgresView):
    pass


class BenefitUsage(ReadsTheLog, Projection[SQLiteBenefitUsage | PostgresBenefitUsage]):
    name = "benefit_usage"

    @singledispatchmethod
    def process_event(
        self, domain_event: DomainEventProtocol[UUID], tracking: Tracking
    ) -> None:
        """Events of the other aggregates: nothing to the usage."""
        self.view.skip(tracking)

    @process_event.register
    def _coverage_changed(
        self, domain_event: Coverage.Event, tracking: Tracking
    ) -> None:
        self.view.record_usage(self.as_of(Coverage, domain_event), tracking)
