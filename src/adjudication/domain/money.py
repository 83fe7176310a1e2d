"""Money is an integer number of fen (分); yuan appear only when shown to people."""

from decimal import ROUND_HALF_UP, Decimal

Fen = int


def yuan(fen: Fen) -> str:
    """1280_00 -> '1,280.00' (the way a claims officer reads an amount)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def percent_of(amount: Fen, percent: int | Decimal) -> Fen:
    """`percent` % of an amount, rounded half up to the fen."""
    exact = Decimal(amount) * Decimal(percent) / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
