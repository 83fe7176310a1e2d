"""Reporting a claim: the report checked whole (every bad field named at once),
its accident recorded, or an earlier accident of the same insured referred to,
and a claim that cannot be paid recorded, then rejected with every reason that
applies (保险法 第二十四条: a reasoned rejection notice).

An accident is recorded once (I10): new accident facts on a date the insured's
accident register already has an accident for are refused, unless the report
says it is a different accident."""

from datetime import date, datetime

from adjudication.domain.accident import Accident, AccidentRegister
from adjudication.domain.calendar import scheme_date, utc
from adjudication.domain.claim import Claim
from adjudication.domain.commands import ReportClaim
from adjudication.domain.eligibility import Roster, reasons_to_reject, rejection_text
from adjudication.domain.errors import Violations
from adjudication.domain.facts import AccidentFacts
from adjudication.domain.resident_id import normalise, problem_with
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear


def report(
    command: ReportClaim,
    known_accident: Accident | None,
    now: datetime,
    catalogue: SchemeCatalogue,
    roster: Roster,
    actor: str,
    register: AccidentRegister | None = None,
) -> tuple[Claim, Accident | None]:
    """The new claim, and the new accident when the report brought its facts
    (a known accident records the new claim as one of its claims).
    `known_accident` is the accident `command.accident_id` names, if any;
    `register` the insured's accident register, which a new accident joins."""
    problems = Violations()
    at = command.reported_at or now
    if at.tzinfo is None:
        problems.add("reported_at", "must carry a time zone")
        at = now
    elif at > now:
        problems.add("reported_at", "is in the future", "DATE_IN_FUTURE")
    reported_on = scheme_date(at)
    id_problem = problem_with(command.insured_id_number, scheme_date(now))
    if id_problem:
        problems.add("insured_id_number", id_problem)
    id_number = normalise(command.insured_id_number)
    if not command.insured_name.strip():
        problems.add("insured_name", "required")
    _check_benefits(command.benefits, catalogue, problems)
    facts = command.accident
    if (command.accident is None) == (command.accident_id is None):
        problems.add("accident", "give either the accident or its accident_id")
    elif known_accident is not None:
        if known_accident.insured_id_number != id_number:
            problems.add("accident_id", "is an accident of another insured")
        facts = known_accident.facts
    elif command.accident is not None:
        _check_accident(command.accident, reported_on, catalogue, problems)
    problems.raise_if_any()
    assert facts is not None
    new_accident = None
    if known_accident is None:
        new_accident = Accident(
            insured_id_number=id_number,
            occurred_on=facts.occurred_on,
            place=facts.place,
            cause=facts.cause,
            description=facts.description,
            request_id=command.request_id,
            actor=actor,
            distinct_accident=command.distinct_accident,
        )
        if register is not None:
            register.record(new_accident)
    accident = known_accident or new_accident
    assert accident is not None
    scheme = catalogue.for_accident(facts.occurred_on)
    if scheme is not None:
        _check_offered(command.benefits, scheme, problems)
    eligibility = roster.eligibility(id_number, facts.occurred_on) if scheme else None
    benefits = command.benefits
    claim = Claim(
        request_id=command.request_id,
        actor=actor,
        insured_id_number=id_number,
        insured_name=command.insured_name.strip(),
        accident_id=accident.id,
        accident_date=facts.occurred_on,
        scheme_id=scheme.id if scheme else None,
        benefits=benefits,
        required_documents=scheme.documents.required(benefits) if scheme else (),
        reported_at=utc(at),
        reported_on=reported_on,
        township=eligibility.township if eligibility else "",
    )
    if known_accident is not None:
        known_accident.attach(claim.id)
    # Only a prescription that runs from the accident is known at report.
    reasons = reasons_to_reject(scheme, facts, reported_on, eligibility, benefits)
    if reasons:
        claim.reject(
            tuple(reasons),
            rejection_text(reasons),
            reported_on,
            command.request_id,
            actor,
        )
    return claim, new_accident


def _check_benefits(
    benefits: tuple[str, ...], catalogue: SchemeCatalogue, problems: Violations
) -> None:
    claimable = {code for year in catalogue for code in year.claimable()}
    if not benefits:
        problems.add("benefits", "claim at least one benefit")
    for i, benefit in enumerate(benefits):
        if benefit not in claimable:
            codes = ", ".join(sorted(claimable))
            problems.add(f"benefits[{i}]", f"{str(benefit)!r} is not one of {codes}")
        elif benefits.index(benefit) != i:
            problems.add(f"benefits[{i}]", f"{benefit} is listed twice")


def _check_offered(
    benefits: tuple[str, ...], scheme: SchemeYear, problems: Violations
) -> None:
    for i, benefit in enumerate(benefits):
        if not scheme.offers(benefit):
            problems.add(
                f"benefits[{i}]",
                f"the scheme year {scheme.id} does not offer {benefit}",
                "BENEFIT_NOT_OFFERED",
            )
    problems.raise_if_any()


def _check_accident(
    accident: AccidentFacts,
    reported_on: date,
    catalogue: SchemeCatalogue,
    problems: Violations,
) -> None:
    if accident.occurred_on > reported_on:
        problems.add("accident.occurred_on", "is after the report")
    if not accident.place.strip():
        problems.add("accident.place", "required")
    if not accident.description.strip():
        problems.add("accident.description", "required")
    scheme = catalogue.for_accident(accident.occurred_on)
    years = [scheme] if scheme else list(catalogue)
    if not any(accident.cause in year.causes for year in years):
        problems.add(
            "accident.cause", f"unknown cause code {accident.cause!r}", "UNKNOWN_CAUSE"
        )
