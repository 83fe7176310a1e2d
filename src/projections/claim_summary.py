"""Claim summaries: one row per claim with what insurer staff filter and sort
by, and the dates the statutory deadlines run from (保险法 第二十三、二十四、
二十五条), for the listing of claims and the auditors' overdue list.

Each claim event is summarised from the claim as it stood at that event's
version, read from the event store, so a rebuild gives the same rows."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import singledispatchmethod
from typing import Any, ClassVar, Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from adjudication.domain import masking
from adjudication.domain.claim import OPEN, Claim, ClaimStatus
from adjudication.domain.scheme_year import StatutoryDays
from projections.log import ReadsTheLog
from projections.views import (
    FollowsTheLog,
    PostgresView,
    SQLiteView,
    Statement,
    ViewTables,
)

UNPAID = (ClaimStatus.ASSESSED, ClaimStatus.PARTIALLY_PAID)


@dataclass(frozen=True)
class ClaimRow:
    claim_id: UUID
    reported_position: int
    scheme_id: str
    status: str
    insured: str  # masked
    township: str
    benefits: tuple[str, ...]
    accident_date: date
    assessed_fen: int
    paid_fen: int
    documents_complete_on: date | None
    assessed_on: date | None
    version: int
    position: int


class ClaimSummaryView(FollowsTheLog, Protocol):
    """What the listing of claims, the overdue list and the totals read."""

    def claims(
        self,
        after: int = -1,
        limit: int = 50,
        status: str = "",
        benefit: str = "",
        insured_id_number: str = "",
        accident_from: date | None = None,
        accident_to: date | None = None,
    ) -> list[ClaimRow]: ...

    def overdue(
        self, scheme_id: str, days: StatutoryDays, as_of: date, after: int, limit: int
    ) -> list[ClaimRow]: ...

    def assessed_totals(
        self, scheme_id: str
    ) -> list[tuple[date, str, str, int, int]]: ...

    def decided_at_zero(self, scheme_id: str) -> list[tuple[str, int]]: ...

    def claims_by_status(self) -> list[tuple[str, str, int]]: ...

    def assessed_by_benefit(self) -> list[tuple[str, str, int]]: ...


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class SummaryTables(ViewTables):
    TABLES: ClassVar[dict[str, str]] = {
        "claims": "claim_id TEXT PRIMARY KEY, reported_position BIGINT, "
        "scheme_id TEXT, status TEXT, insured_key TEXT, insured TEXT, township TEXT, "
        "benefits TEXT, accident_date TEXT, assessed_fen BIGINT, paid_fen BIGINT, "
        "documents_complete_on TEXT, assessed_on TEXT, version BIGINT, "
        "position BIGINT",
        # the current assessment's lines, for totals per day, benefit, township
        "lines": "claim_id TEXT, benefit TEXT, scheme_id TEXT, day TEXT, "
        "township TEXT, amount_fen BIGINT, PRIMARY KEY (claim_id, benefit)",
    }
    COLUMNS = (
        "claim_id, reported_position, scheme_id, status, insured, township, "
        "benefits, accident_date, assessed_fen, paid_fen, documents_complete_on, "
        "assessed_on, version, position"
    )

    def _rows(self, where: str, params: tuple[Any, ...], limit: int) -> list[ClaimRow]:
        rows = self.query(
            f"SELECT {self.COLUMNS} FROM {{claims}} WHERE {where} "
            "ORDER BY reported_position LIMIT %s",
            (*params, limit),
        )
        return [
            ClaimRow(
                UUID(c),
                int(rp),
                s,
                st,
                i,
                t,
                tuple(b.strip(",").split(",")),
                date.fromisoformat(a),
                int(af),
                int(pf),
                _day(dc),
                _day(ao),
                int(v),
                int(p),
            )
            for c, rp, s, st, i, t, b, a, af, pf, dc, ao, v, p in rows
        ]

    def claims(
        self,
        after: int = -1,
        limit: int = 50,
        status: str = "",
        benefit: str = "",
        insured_id_number: str = "",
        accident_from: date | None = None,
        accident_to: date | None = None,
    ) -> list[ClaimRow]:
        return self._rows(
            "reported_position > %s AND (%s = '' OR status = %s) "
            "AND (%s = '' OR benefits LIKE %s) AND (%s = '' OR insured_key = %s) "
            "AND accident_date >= %s AND accident_date <= %s",
            (
                after,
                status,
                status,
                benefit,
                f"%,{benefit},%",
                insured_id_number,
                self.sealer.lookup_key(insured_id_number) if insured_id_number else "",
                (accident_from or date.min).isoformat(),
                (accident_to or date.max).isoformat(),
            ),
            limit,
        )

    def overdue(
        self, scheme_id: str, days: StatutoryDays, as_of: date, after: int, limit: int
    ) -> list[ClaimRow]:
        """Claims of a scheme year past a statutory due date on `as_of`: no
        decision 30 days after complete documents, or not paid 10 days after
        the assessment."""
        decide_by = (as_of - timedelta(days=days.decision_days)).isoformat()
        pay_by = (as_of - timedelta(days=days.payment_days)).isoformat()
        open_ = tuple(str(s) for s in OPEN)
        unpaid = tuple(str(s) for s in UNPAID)
        return self._rows(
            "scheme_id = %s AND reported_position > %s AND ("
            "(status IN (%s, %s) AND documents_complete_on <> '' "
            "AND documents_complete_on < %s) OR "
            "(status IN (%s, %s) AND assessed_on <> '' AND assessed_on < %s))",
            (scheme_id, after, *open_, decide_by, *unpaid, pay_by),
            limit,
        )

    def assessed_totals(self, scheme_id: str) -> list[tuple[date, str, str, int, int]]:
        """(assessment day, benefit, township, fen, claims) of the current
        assessments of a scheme year's claims."""
        rows = self.query(
            "SELECT day, benefit, township, SUM(amount_fen), COUNT(*) FROM {lines} "
            "WHERE scheme_id = %s GROUP BY day, benefit, township "
            "ORDER BY day, benefit, township",
            (scheme_id,),
        )
        return [(date.fromisoformat(d), b, t, int(f), int(n)) for d, b, t, f, n in rows]

    def record_claim(self, claim: Claim, tracking: Tracking) -> None:
        """The claim's row and its current assessment's lines, as the claim
        stands after the event at `tracking`."""
        assessed_on = claim.assessment.assessed_on if claim.assessment else None
        reported = tracking.notification_id if claim.version == 1 else None
        values = (
            str(claim.id),
            reported or 0,
            claim.scheme_id or "",
            str(claim.status),
            # who the claim is of, for filtering, without the number itself
            self.sealer.lookup_key(claim.insured_id_number),
            masking.resident_id(claim.insured_id_number),
            claim.township,
            "," + ",".join(claim.benefits) + ",",
            claim.accident_date.isoformat(),
            claim.assessed_fen,
            claim.paid_fen,
            claim.documents_complete_on.isoformat()
            if claim.documents_complete_on
            else "",
            assessed_on.isoformat() if assessed_on else "",
            claim.version,
            tracking.notification_id,
        )
        lines: list[Statement] = [
            ("DELETE FROM {lines} WHERE claim_id = %s", (str(claim.id),))
        ]
        if claim.assessment is not None:
            lines += [
                (
                    "INSERT INTO {lines} VALUES (%s, %s, %s, %s, %s, %s)",
                    (
                        str(claim.id),
                        str(line.benefit),
                        claim.scheme_id or "",
                        claim.assessment.assessed_on.isoformat(),
                        claim.township,
                        line.amount_fen,
                    ),
                )
                for line in claim.assessment.lines
            ]
        self.apply(
            [
                *lines,
                (
                    "INSERT INTO {claims} VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (claim_id) DO UPDATE SET status = excluded.status, "
                    "scheme_id = excluded.scheme_id, "
                    "accident_date = excluded.accident_date, "
                    "assessed_fen = excluded.assessed_fen, "
                    "paid_fen = excluded.paid_fen, "
                    "documents_complete_on = excluded.documents_complete_on, "
                    "assessed_on = excluded.assessed_on, version = excluded.version, "
                    "position = excluded.position",
                    values,
                ),
            ],
            tracking,
        )

    def decided_at_zero(self, scheme_id: str) -> list[tuple[str, int]]:
        """(township, claims) of a scheme year decided at 0 (零结案)."""
        rows = self.query(
            "SELECT township, COUNT(*) FROM {claims} WHERE scheme_id = %s "
            "AND status = %s GROUP BY township ORDER BY township",
            (scheme_id, str(ClaimStatus.DECIDED_AT_ZERO)),
        )
        return [(t, int(n)) for t, n in rows]

    def claims_by_status(self) -> list[tuple[str, str, int]]:
        """(scheme year, status, claims) of every claim, for the metrics: one
        pass over a county's claims, a few thousand a year."""
        rows = self.query(
            "SELECT scheme_id, status, COUNT(*) FROM {claims} "
            "GROUP BY scheme_id, status ORDER BY scheme_id, status"
        )
        return [(s, st, int(n)) for s, st, n in rows]

    def assessed_by_benefit(self) -> list[tuple[str, str, int]]:
        """(scheme year, benefit, fen) of the claims' current assessments."""
        rows = self.query(
            "SELECT scheme_id, benefit, SUM(amount_fen) FROM {lines} "
            "GROUP BY scheme_id, benefit ORDER BY scheme_id, benefit"
        )
        return [(s, b, int(fen)) for s, b, fen in rows]


class SQLiteClaimSummary(SummaryTables, SQLiteView):
    pass


class PostgresClaimSummary(SummaryTables, PostgresView):
    pass


class ClaimSummary(ReadsTheLog, Projection[SQLiteClaimSummary | PostgresClaimSummary]):
    name = "claim_summary"

    @singledispatchmethod
    def process_event(
        self, domain_event: DomainEventProtocol[UUID], tracking: Tracking
    ) -> None:
        """Events of the other aggregates: nothing to the summaries."""
        self.view.skip(tracking)

    @process_event.register
    def _claim_changed(self, domain_event: Claim.Event, tracking: Tracking) -> None:
        self.view.record_claim(self.as_of(Claim, domain_event), tracking)
