"""The payment ledger: one line per payment recorded, per death-after-
disability top-up granted and per overpayment recovered, with the claim's
township and scheme year and what each line paid (or recovered) of each
benefit, and what each claim has still to recover (I7), for the finance
bureau's reconciliation."""

from dataclasses import dataclass
from datetime import date
from functools import singledispatchmethod
from typing import ClassVar, Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from adjudication.domain import masking
from adjudication.domain.benefits import Benefit
from adjudication.domain.calendar import scheme_date
from adjudication.domain.claim import Payment, Recovery
from adjudication.domain.money import Fen
from projections.events import (
    AccidentCorrected,
    Assessed,
    DeathAfterDisabilityTopUpGranted,
    DocumentsReceived,
    PaymentRecorded,
    RecoveryRecorded,
    Rejected,
    RelatedClaimChanged,
    Reopened,
    Reported,
    SetOffChanged,
    Withdrawn,
)
from projections.views import (
    FollowsTheLog,
    PostgresView,
    SQLiteView,
    Statement,
    ViewTables,
)

PAYMENT = "PAYMENT"
TOP_UP_GRANTED = "TOP_UP_GRANTED"
RECOVERY = "RECOVERY"


@dataclass(frozen=True)
class LedgerLine:
    position: int
    claim_id: str
    kind: str
    reference: str
    amount_fen: int
    day: date
    township: str
    scheme_id: str
    # (benefit, fen): what a payment paid of each benefit; a top-up's TOP_UP.
    benefits: tuple[tuple[str, int], ...] = ()


class PaymentLedgerView(FollowsTheLog, Protocol):
    """What the finance bureau's reads and exports read."""

    def lines(
        self,
        day_from: date | None = None,
        day_to: date | None = None,
        township: str = "",
        after_position: int = 0,
        limit: int = 1000,
        benefit: str = "",
    ) -> list[LedgerLine]: ...

    def paid_by_benefit(
        self, scheme_id: str
    ) -> list[tuple[str, str, str, int, int]]: ...

    def paid_totals(self, scheme_id: str) -> list[tuple[str, str, int, int]]: ...

    def recoveries(self, scheme_id: str) -> tuple[int, int]: ...

    def paid_fen_by_benefit(self) -> list[tuple[str, str, int]]: ...


class LedgerTables(ViewTables):
    TABLES: ClassVar[dict[str, str]] = {
        "claims": "claim_id TEXT PRIMARY KEY, scheme_id TEXT, township TEXT, "
        "insured TEXT",
        "lines": "position BIGINT PRIMARY KEY, claim_id TEXT, kind TEXT, "
        "reference TEXT, amount_fen BIGINT, day TEXT, township TEXT, scheme_id TEXT",
        "benefits": "position BIGINT, n INTEGER, benefit TEXT, amount_fen BIGINT, "
        "PRIMARY KEY (position, n)",
        "to_recover": "claim_id TEXT PRIMARY KEY, amount_fen BIGINT",
    }

    def lines(
        self,
        day_from: date | None = None,
        day_to: date | None = None,
        township: str = "",
        after_position: int = 0,
        limit: int = 1000,
        benefit: str = "",
    ) -> list[LedgerLine]:
        """Lines in order of position; with a benefit, the lines that paid
        (or granted) some of it."""
        rows = self.query(
            "SELECT position, claim_id, kind, reference, amount_fen, day, township, "
            "scheme_id FROM {lines} WHERE position > %s AND day >= %s AND day <= %s "
            "AND (%s = '' OR township = %s) AND (%s = '' OR position IN "
            "(SELECT position FROM {benefits} WHERE benefit = %s)) "
            "ORDER BY position LIMIT %s",
            (
                after_position,
                (day_from or date.min).isoformat(),
                (day_to or date.max).isoformat(),
                township,
                township,
                benefit,
                benefit,
                limit,
            ),
        )
        parts = self._benefits(int(rows[0][0]), int(rows[-1][0])) if rows else {}
        return [
            LedgerLine(
                p, c, k, r, int(a), date.fromisoformat(d), t, s, parts.get(p, ())
            )
            for p, c, k, r, a, d, t, s in rows
        ]

    def _benefits(
        self, first: int, last: int
    ) -> dict[int, tuple[tuple[str, int], ...]]:
        parts: dict[int, tuple[tuple[str, int], ...]] = {}
        for position, benefit, fen in self.query(
            "SELECT position, benefit, amount_fen FROM {benefits} "
            "WHERE position >= %s AND position <= %s ORDER BY position, n",
            (first, last),
        ):
            parts[position] = (*parts.get(position, ()), (benefit, int(fen)))
        return parts

    def open_claim(
        self,
        claim_id: str,
        scheme_id: str,
        township: str,
        insured: str,
        tracking: Tracking,
    ) -> None:
        """What the claim's lines are paid in: its scheme year and township."""
        self.apply(
            [
                (
                    "INSERT INTO {claims} VALUES (%s, %s, %s, %s)",
                    (claim_id, scheme_id, township, insured),
                )
            ],
            tracking,
        )

    def record_payment(
        self, claim_id: str, payment: Payment, tracking: Tracking
    ) -> None:
        self._add_line(
            tracking,
            claim_id,
            PAYMENT,
            payment.reference,
            payment.amount_fen,
            payment.paid_on,
            [(x.benefit, x.amount_fen) for x in payment.benefits],
        )

    def record_recovery(
        self, claim_id: str, recovery: Recovery, tracking: Tracking
    ) -> None:
        self._add_line(
            tracking,
            claim_id,
            RECOVERY,
            recovery.reference,
            recovery.amount_fen,
            recovery.recovered_on,
            [(x.benefit, x.amount_fen) for x in recovery.benefits],
            self._to_recover(claim_id, "amount_fen - %s", recovery.amount_fen),
        )

    def set_to_recover(self, claim_id: str, fen: Fen, tracking: Tracking) -> None:
        """What the claim has to recover now (after a set-off changed)."""
        self.apply(self._to_recover(claim_id, "%s", fen), tracking)

    def _to_recover(self, claim_id: str, expression: str, fen: Fen) -> list[Statement]:
        return [
            (
                "INSERT INTO {to_recover} SELECT %s, 0 WHERE NOT EXISTS "
                "(SELECT 1 FROM {to_recover} WHERE claim_id = %s)",
                (claim_id, claim_id),
            ),
            (
                f"UPDATE {{to_recover}} SET amount_fen = {expression} "
                "WHERE claim_id = %s",
                (fen, claim_id),
            ),
        ]

    def recoveries(self, scheme_id: str) -> tuple[int, int]:
        """(fen recovered, fen still to recover) of a scheme year."""
        ((recovered,),) = self.query(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM {lines} "
            "WHERE kind = %s AND scheme_id = %s",
            (RECOVERY, scheme_id),
        )
        ((to_recover,),) = self.query(
            "SELECT COALESCE(SUM(r.amount_fen), 0) FROM {to_recover} r "
            "JOIN {claims} c ON c.claim_id = r.claim_id WHERE c.scheme_id = %s",
            (scheme_id,),
        )
        return int(recovered), int(to_recover)

    def grant_top_up(
        self, claim_id: str, amount_fen: Fen, day: date, tracking: Tracking
    ) -> None:
        self._add_line(
            tracking,
            claim_id,
            TOP_UP_GRANTED,
            "",
            amount_fen,
            day,
            [(Benefit.TOP_UP, amount_fen)],
        )

    def _add_line(
        self,
        tracking: Tracking,
        claim_id: str,
        kind: str,
        reference: str,
        amount_fen: Fen,
        day: date,
        parts: list[tuple[str, Fen]],
        more: list[Statement] | None = None,
    ) -> None:
        """A line at the event's position, in the claim's township and scheme
        year, with what it paid of each benefit."""
        position = tracking.notification_id
        line: Statement = (
            "INSERT INTO {lines} SELECT %s, %s, %s, %s, %s, %s, township, scheme_id "
            "FROM {claims} WHERE claim_id = %s",
            (
                position,
                claim_id,
                kind,
                reference,
                amount_fen,
                day.isoformat(),
                claim_id,
            ),
        )
        benefits: list[Statement] = [
            (
                "INSERT INTO {benefits} VALUES (%s, %s, %s, %s)",
                (position, n, str(benefit), fen),
            )
            for n, (benefit, fen) in enumerate(parts)
        ]
        self.apply([line, *benefits, *(more or [])], tracking)

    def paid_by_benefit(self, scheme_id: str) -> list[tuple[str, str, str, int, int]]:
        """(township, month YYYY-MM, benefit, fen paid, payments) of a scheme
        year."""
        rows = self.query(
            "SELECT l.township, substr(l.day, 1, 7) AS month, b.benefit, "
            "SUM(b.amount_fen), COUNT(*) FROM {lines} l "
            "JOIN {benefits} b ON b.position = l.position "
            "WHERE l.kind = %s AND l.scheme_id = %s "
            "GROUP BY l.township, month, b.benefit "
            "ORDER BY l.township, month, b.benefit",
            (PAYMENT, scheme_id),
        )
        return [(t, m, b, int(fen), int(n)) for t, m, b, fen, n in rows]

    def paid_totals(self, scheme_id: str) -> list[tuple[str, str, int, int]]:
        """(township, month YYYY-MM, fen paid, payments) of a scheme year."""
        rows = self.query(
            "SELECT township, substr(day, 1, 7) AS month, SUM(amount_fen), COUNT(*) "
            "FROM {lines} WHERE kind = %s AND scheme_id = %s "
            "GROUP BY township, month ORDER BY township, month",
            (PAYMENT, scheme_id),
        )
        return [(t, m, int(fen), int(n)) for t, m, fen, n in rows]

    def paid_fen_by_benefit(self) -> list[tuple[str, str, int]]:
        """(scheme year, benefit, fen paid) of every payment, for the metrics
        (a top-up granted is not paid yet, a recovery not subtracted)."""
        rows = self.query(
            "SELECT l.scheme_id, b.benefit, SUM(b.amount_fen) FROM {lines} l "
            "JOIN {benefits} b ON b.position = l.position WHERE l.kind = %s "
            "GROUP BY l.scheme_id, b.benefit ORDER BY l.scheme_id, b.benefit",
            (PAYMENT,),
        )
        return [(s, b, int(fen)) for s, b, fen in rows]


class SQLitePaymentLedger(LedgerTables, SQLiteView):
    pass


class PostgresPaymentLedger(LedgerTables, PostgresView):
    pass


class PaymentLedger(Projection[SQLitePaymentLedger | PostgresPaymentLedger]):
    # No topic filter: every position of the log is tracked, so a reader can
    # wait for any position a command returned (read-your-writes).
    name = "payment_ledger"

    @singledispatchmethod
    def process_event(
        self, domain_event: DomainEventProtocol[UUID], tracking: Tracking
    ) -> None:
        """Events of the other aggregates: nothing to the ledger."""
        self.view.skip(tracking)

    @process_event.register
    def _reported(self, domain_event: Reported, tracking: Tracking) -> None:
        self.view.open_claim(
            str(domain_event.originator_id),
            domain_event.scheme_id or "",
            domain_event.township,
            masking.resident_id(domain_event.insured_id_number),
            tracking,
        )

    @process_event.register
    def _payment_recorded(
        self, domain_event: PaymentRecorded, tracking: Tracking
    ) -> None:
        self.view.record_payment(
            str(domain_event.originator_id), domain_event.payment, tracking
        )

    @process_event.register
    def _recovery_recorded(
        self, domain_event: RecoveryRecorded, tracking: Tracking
    ) -> None:
        self.view.record_recovery(
            str(domain_event.originator_id), domain_event.recovery, tracking
        )

    @process_event.register
    def _set_off_changed(self, domain_event: SetOffChanged, tracking: Tracking) -> None:
        self.view.set_to_recover(
            str(domain_event.originator_id),
            domain_event.to_recover_after_fen,
            tracking,
        )

    @process_event.register
    def _top_up_granted(
        self, domain_event: DeathAfterDisabilityTopUpGranted, tracking: Tracking
    ) -> None:
        self.view.grant_top_up(
            str(domain_event.originator_id),
            domain_event.amount_fen,
            scheme_date(domain_event.timestamp),
            tracking,
        )

    @process_event.register
    def _pays_nothing(
        self,
        domain_event: DocumentsReceived
        | Assessed
        | Rejected
        | Withdrawn
        | Reopened
        | RelatedClaimChanged
        | AccidentCorrected,
        tracking: Tracking,
    ) -> None:
        """Claim events that neither open a claim nor pay: tracked only (an
        accident corrected moves only claims that paid nothing to another
        scheme year)."""
        self.view.skip(tracking)
