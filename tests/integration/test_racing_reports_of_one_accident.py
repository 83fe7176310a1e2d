"""I10 on a real SQLite file and a real PostgreSQL database: two reports of the
same accident racing on two replicas never both record it. The insured's
accident register is saved in the same transaction as the new accident, so the
store's optimistic concurrency decides: the loser decides again on fresh state
and is refused."""

import threading
from datetime import date
from typing import Any

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import ReportClaim
from adjudication.domain.errors import StateForbids
from tests.builders import Clock, accident
from tests.integration.conftest import AppFactory

FALL = date(2024, 11, 3)


def report(app: ClaimsApplication, request_id: str, insured: str) -> Any:
    return app.report_claim(
        ReportClaim(request_id, insured, "张建国", ["MEDICAL"], accident(FALL))
    )


def _lose_one_race(loser: ClaimsApplication, winner_step: Any) -> None:
    """Just before the loser's first save, the winner commits."""
    save = loser.save
    calls = {"n": 0}

    def racing_save(*objs: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            winner_step()
        return save(*objs, **kwargs)

    loser.save = racing_save  # type: ignore[method-assign]


@pytest.mark.parametrize("register_exists", [False, True])
def test_the_loser_of_two_racing_reports_of_one_accident_is_refused(
    make_app: AppFactory, clock: Clock, insured: str, register_exists: bool
) -> None:
    first, second = make_app(), make_app()
    clock.set(date(2024, 12, 1))
    if register_exists:  # an accident of another day opened the register
        first.report_claim(
            ReportClaim(
                "earlier", insured, "张建国", ["MEDICAL"], accident(date(2024, 10, 20))
            )
        )
    won: list[Any] = []
    _lose_one_race(second, lambda: won.append(report(first, "report-a", insured)))
    with pytest.raises(StateForbids) as caught:
        report(second, "report-b", insured)
    assert caught.value.code == "ACCIDENT_ALREADY_RECORDED"
    assert caught.value.details == {"accident_ids": str(won[0].claim.accident_id)}
    reader = make_app()
    register = reader.repository.get(reader.person_ids.accident_register(insured)[0])
    assert register.on(FALL) == (won[0].claim.accident_id,)


def test_of_reports_racing_in_threads_exactly_one_records_the_accident(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    replicas = [make_app(), make_app()]
    clock.set(date(2024, 12, 1))
    start = threading.Barrier(4)
    outcomes: list[Any] = []

    def race(n: int) -> None:
        start.wait()
        try:
            outcomes.append(report(replicas[n % 2], f"report-{n}", insured))
        except BaseException as e:  # counted below
            outcomes.append(e)

    threads = [threading.Thread(target=race, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [o for o in outcomes if isinstance(o, StateForbids)]
    recorded = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(recorded) == 1 and len(refused) == 3, outcomes
    assert {e.code for e in refused} == {"ACCIDENT_ALREADY_RECORDED"}
    ids = replicas[1].person_ids.accident_register(insured)
    register = replicas[1].repository.get(ids[0])
    assert register.on(FALL) == (recorded[0].claim.accident_id,)
