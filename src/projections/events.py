"""The domain's event classes the projections dispatch on by name.

The library makes them from the aggregates' `@event` methods when the classes
are defined, so a type checker does not see them: here they are declared with
the attributes the projections read, for the checker, and are the library's
own classes at run time (a renamed event fails at import, not silently)."""

from datetime import date
from typing import TYPE_CHECKING

from adjudication.domain.claim import Claim, Payment, Recovery
from adjudication.domain.enrolment import Insured
from adjudication.domain.money import Fen

if TYPE_CHECKING:

    class Reported(Claim.Event):
        insured_id_number: str
        scheme_id: str | None
        township: str

    class DocumentsReceived(Claim.Event): ...

    class Assessed(Claim.Event): ...

    class DeathAfterDisabilityTopUpGranted(Claim.Event):
        amount_fen: Fen

    class Rejected(Claim.Event): ...

    class PaymentRecorded(Claim.Event):
        payment: Payment

    class Withdrawn(Claim.Event): ...

    class Reopened(Claim.Event): ...

    class RelatedClaimChanged(Claim.Event): ...

    class SetOffChanged(Claim.Event):
        to_recover_after_fen: Fen

    class RecoveryRecorded(Claim.Event):
        recovery: Recovery

    class AccidentCorrected(Claim.Event): ...

    class Enrolled(Insured.Event):
        scheme_id: str
        resident_id_number: str
        name: str
        township: str
        village: str

    class RegistrationConfirmed(Insured.Event):
        confirmed_on: date

    class RegistrationNotFound(Insured.Event): ...

    class CoverEnded(Insured.Event):
        reason: str
        last_day: date

else:
    Reported = Claim.Reported
    DocumentsReceived = Claim.DocumentsReceived
    Assessed = Claim.Assessed
    DeathAfterDisabilityTopUpGranted = Claim.DeathAfterDisabilityTopUpGranted
    Rejected = Claim.Rejected
    PaymentRecorded = Claim.PaymentRecorded
    Withdrawn = Claim.Withdrawn
    Reopened = Claim.Reopened
    RelatedClaimChanged = Claim.RelatedClaimChanged
    SetOffChanged = Claim.SetOffChanged
    RecoveryRecorded = Claim.RecoveryRecorded
    AccidentCorrected = Claim.AccidentCorrected

    Enrolled = Insured.Enrolled
    RegistrationConfirmed = Insured.RegistrationConfirmed
    RegistrationNotFound = Insured.RegistrationNotFound
    CoverEnded = Insured.CoverEnded
