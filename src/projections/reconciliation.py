"""Matching the bank's statement against the ledger's payments, by the bank's
transfer reference: matched, missing on either side, amounts that differ."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from projections.payment_ledger import PAYMENT, LedgerLine


@dataclass(frozen=True)
class BankLine:
    reference: str
    amount_fen: int
    day: date


@dataclass
class Reconciliation:
    matched: list[LedgerLine] = field(default_factory=list)
    missing_in_ledger: list[BankLine] = field(default_factory=list)
    missing_in_bank: list[LedgerLine] = field(default_factory=list)
    amount_mismatches: list[tuple[BankLine, LedgerLine]] = field(default_factory=list)


def reconcile(ledger: Iterable[LedgerLine], bank: Iterable[BankLine]) -> Reconciliation:
    payments = {line.reference: line for line in ledger if line.kind == PAYMENT}
    result = Reconciliation()
    for line in bank:
        paid = payments.pop(line.reference, None)
        if paid is None:
            result.missing_in_ledger.append(line)
        elif paid.amount_fen != line.amount_fen:
            result.amount_mismatches.append((line, paid))
        else:
            result.matched.append(paid)
    result.missing_in_bank = sorted(payments.values(), key=lambda p: p.position)
    return result
