"""An officer's override of one benefit line (scheme-2024.md I8).

An officer overrides an input of the benefit's calculation, not its amount: the
grade of a disability, the ratio of a burn, the eligible medical expenses, the
days in hospital. The input enters the benefit's own calculator, so the amount,
the ratio recorded for the accident, DEATH's offset and the annual limits follow
it. An amount is overridden only as a negotiated amount (协商赔付), with a reason
the scheme year lists for that.

Each kind of input is named as its field of the contract's `Override`, so a
refusal names the field the client sent.
"""

from dataclasses import dataclass

GRADE = "grade"
RATIO = "ratio_percent"
ELIGIBLE = "eligible_fen"
DAYS = "days"
AMOUNT = "amount_fen"  # a negotiated amount, of any benefit


@dataclass(frozen=True)
class Override:
    """`value` for the benefit's `input` (one of the names above), with the
    reason kept on the line and in the event."""

    benefit: str
    input: str
    value: int
    reason_code: str
    reason_text: str
