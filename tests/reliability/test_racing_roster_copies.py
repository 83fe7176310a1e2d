"""Two copies of one roster upload racing each other (a client that timed
out and sent it again, to another replica): the submission counts the file's
rows once, everybody is enrolled once, and one copy answers it new, the other
`replayed` with the same counts. On SQLite and PostgreSQL."""

import threading
from datetime import date
from pathlib import Path
from typing import Any

from adjudication.adapters.storage import ENROLMENT_LOG
from adjudication.domain.roster_rows import RowValidator
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.roster_file import file_digest, read_rows
from tests.builders import Clock, resident_id
from tests.figures import measured
from tests.reliability.stored import aggregates_with
from tests.roster_factory import write_csv

ON = date(2024, 10, 1)
PEOPLE = [resident_id(n, date(1968, 2, 3)) for n in range(1, 1201)]  # 3 batches


def test_copies_of_one_roster_upload_racing_count_it_once(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    roster = write_csv(
        tmp_path / "roster.csv",
        [(p, "张建国", "昌宁镇", "城北村", "农业", "务农") for p in PEOPLE],
    )
    clock = Clock(ON)
    replicas = [EnrolmentApplication(clock=clock, env=store_env) for _ in range(2)]
    start = threading.Barrier(len(replicas))
    outcomes: list[Any] = []

    def upload(app: EnrolmentApplication) -> None:
        validator = RowValidator("昌宁镇", ON)
        rows = (validator.check(raw) for raw in read_rows(roster))
        start.wait()
        outcomes.append(
            app.import_roster(
                "xiangning-2024", "昌宁镇", "roster.csv", file_digest(roster), rows
            )
        )

    try:
        copies = [threading.Thread(target=upload, args=(a,)) for a in replicas]
        for c in copies:
            c.start()
        for c in copies:
            c.join()
        stored = replicas[0].submission("xiangning-2024", "昌宁镇", file_digest(roster))
    finally:
        for app in replicas:
            app.close()
    enrolled = aggregates_with(store_env, "Insured.Enrolled", log=ENROLMENT_LOG)
    answered = [(new, s.rows, s.accepted) for s, new in outcomes]
    assert stored is not None
    measured(
        f"2 racing copies of a {len(PEOPLE)}-row roster: answered (new, rows, "
        f"accepted) {answered}; the submission holds {stored.rows} rows, "
        f"{stored.accepted} accepted; {len(enrolled)} people enrolled"
    )
    # resident_id() repeats its serial after 999: 200 rows are in the file twice
    assert (stored.rows, stored.accepted) == (len(PEOPLE), 1000)
    assert len(enrolled) == 1000 and set(enrolled.values()) == {1}
    assert sorted(answered) == [(False, 1200, 1000), (True, 1200, 1000)]
