"""Errors the domain raises; each carries a stable code clients can act on."""

from collections.abc import Mapping
from dataclasses import dataclass


class DomainError(Exception):
    """A command the rules refuse. `code` is stable; the message is for people;
    `details` are facts a client can act on (e.g. the ids an error names)."""

    code = "DOMAIN_ERROR"

    def __init__(
        self,
        message: str,
        code: str | None = None,
        details: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.details: dict[str, str] = dict(details or {})

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str
    # A stable reason a client can act on, where the rule has one of its own
    # (DUPLICATE_INVOICE, PAYMENT_BEFORE_DECISION, ...), and what it names.
    reason: str = ""
    details: tuple[tuple[str, str], ...] = ()


class InvalidCommand(DomainError):
    """The command itself is malformed; nothing was recorded. Its code is the
    violations' specific reason when they all have the same one, else
    INVALID_ARGUMENT (each violation keeps its own)."""

    code = "INVALID_ARGUMENT"

    def __init__(self, violations: list[FieldViolation]) -> None:
        self.violations = tuple(violations)
        reasons = {v.reason for v in violations}
        reason = reasons.pop() if len(reasons) == 1 and "" not in reasons else None
        super().__init__(
            "; ".join(f"{v.field}: {v.description}" for v in violations),
            reason,
            {k: v for violation in violations for k, v in violation.details},
        )


class NotFound(DomainError):
    code = "NOT_FOUND"


class StateForbids(DomainError):
    """The claim's current state does not allow the command (a precondition)."""

    code = "FAILED_PRECONDITION"


class RequestIdReused(DomainError):
    """A request id was repeated with a different command or different content."""

    code = "REQUEST_ID_REUSED"


class ConcurrencyConflict(DomainError):
    """Another writer kept winning the optimistic-concurrency race."""

    code = "CONCURRENCY_CONFLICT"


class Violations:
    """Collects field violations so a client hears of every bad field at once."""

    def __init__(self) -> None:
        self._items: list[FieldViolation] = []

    def add(
        self,
        field: str,
        description: str,
        reason: str = "",
        **details: str,
    ) -> None:
        self._items.append(
            FieldViolation(field, description, reason, tuple(details.items()))
        )

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise InvalidCommand(self._items)
