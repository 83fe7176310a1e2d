"""The payment ledger read model on SQLite and PostgreSQL: exactly once, however
often its worker stops, and a rebuild from zero equal to the incremental view."""

import csv
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from eventsourcing.persistence import Tracking
from openpyxl import load_workbook

from adjudication.cli import main
from adjudication.domain.commands import (
    AssessClaim,
    RecordPayment,
    RecordRecovery,
    ReopenClaim,
)
from adjudication.domain.facts import HospitalStay, Invoice
from adjudication.domain.overrides import ELIGIBLE, Override
from projections import runner as projections
from projections.payment_ledger import PAYMENT, TOP_UP_GRANTED, LedgerLine
from tests.builders import Clock, Journeys
from tests.integration.conftest import AppFactory


def pay_claims(journeys: Journeys, insured: str, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        day = date(2024, 11, 1 + n)
        claim = journeys.assessed(
            insured,
            ["MEDICAL"],
            day,
            invoices=(Invoice(f"F-{n}", day, 20000 + n * 100),),
        ).claim
        journeys.pay_in_full(claim.id, date(2024, 12, 1))


def test_every_payment_is_one_line_once_across_worker_restarts(
    make_app: AppFactory,
    clock: Clock,
    insured: str,
    store_env: dict[str, str],
    tmp_path: Path,
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    pay_claims(journeys, insured, 3)

    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
    # the worker is stopped; more payments arrive; a new worker resumes
    pay_claims(journeys, insured, 2, first=3)
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        lines = worker.view.lines()
        incremental = worker.view.content_hash()

    assert [line.kind for line in lines] == [PAYMENT] * 5
    assert [line.amount_fen for line in lines] == [
        20000 + n * 100 - 10000 for n in range(5)
    ]
    assert len({line.position for line in lines}) == 5
    assert all(line.scheme_id == "xiangning-2024" for line in lines)

    assert projections.rebuild("payment_ledger", store_env) == incremental
    assert projections.open_view("payment_ledger", store_env).content_hash() == (
        incremental
    )


def test_two_workers_on_one_view_at_once_give_each_payment_one_line(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    # as two replicas' read models, each applying what it finds in batches
    app = make_app()
    pay_claims(Journeys(app, clock), insured, 6)
    end = app.recorder.max_notification_id()

    with (
        projections.start("payment_ledger", store_env) as first,
        projections.start("payment_ledger", store_env) as second,
    ):
        first.wait(end, timeout=30)
        second.wait(end, timeout=30)
        lines = first.view.lines()
        both = first.view.content_hash()

    assert [line.amount_fen for line in lines] == [
        20000 + n * 100 - 10000 for n in range(6)
    ]
    assert projections.rebuild("payment_ledger", store_env) == both


def test_a_batch_that_fails_leaves_the_view_as_it_was(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    pay_claims(Journeys(app, clock), insured, 2)
    view = projections.open_view("payment_ledger", store_env)
    claim_id = "00000000-0000-0000-0000-000000000001"

    with pytest.raises(RuntimeError), view.batch():
        view.open_claim(
            claim_id, "xiangning-2024", "昌宁镇", "1410***", Tracking("Adjudication", 1)
        )
        view.skip(Tracking("Adjudication", 2))
        raise RuntimeError("the worker failed at its third event")

    assert view.max_tracking_id("Adjudication") is None
    assert view.query("SELECT COUNT(*) FROM {claims}") == [(0,)]


def test_a_top_up_granted_is_a_line_of_the_ledger(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    fall = date(2024, 12, 1)
    disability = journeys.assessed(
        insured, ["DISABILITY"], fall, items=("1.3-01",), assessed_on=date(2025, 2, 1)
    )
    journeys.pay_in_full(disability.claim.id, date(2025, 2, 10))
    journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 5),
        died_on=date(2025, 3, 1),
    )
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        lines = worker.view.lines()
    assert [(x.kind, x.amount_fen, x.benefits) for x in lines] == [
        (PAYMENT, 3000000, (("DISABILITY", 3000000),)),
        (TOP_UP_GRANTED, 3000000, (("TOP_UP", 3000000),)),
    ]


def test_each_payment_line_says_what_it_paid_of_each_benefit(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    """MEDICAL 780.00 and HOSPITAL_ALLOWANCE 360.00 paid as 1,000.00 then 140.00:
    the allowance is in both payments, medical in the first only."""
    app = make_app()
    journeys = Journeys(app, clock)
    fall = date(2024, 11, 3)
    claim = journeys.assessed(
        insured,
        ["MEDICAL", "HOSPITAL_ALLOWANCE"],
        fall,
        invoices=(Invoice("F-001", fall, 128000, 40000),),
        stays=(HospitalStay(fall, date(2024, 11, 15)),),
    ).claim
    clock.set(date(2024, 12, 1))
    app.record_payment(RecordPayment("p-1", claim.id, 100000, "BANK-1"))
    clock.set(date(2025, 1, 2))
    app.record_payment(RecordPayment("p-2", claim.id, 14000, "BANK-2"))
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        view = worker.view
        every = view.lines()
        medical = view.lines(benefit="MEDICAL")
        allowance = view.lines(benefit="HOSPITAL_ALLOWANCE")
        by_benefit = view.paid_by_benefit("xiangning-2024")
        incremental = view.content_hash()
    assert [x.benefits for x in every] == [
        (("MEDICAL", 78000), ("HOSPITAL_ALLOWANCE", 22000)),
        (("HOSPITAL_ALLOWANCE", 14000),),
    ]
    assert [x.reference for x in medical] == ["BANK-1"]
    assert [x.reference for x in allowance] == ["BANK-1", "BANK-2"]
    township = every[0].township
    assert by_benefit == [
        (township, "2024-12", "HOSPITAL_ALLOWANCE", 22000, 1),
        (township, "2024-12", "MEDICAL", 78000, 1),
        (township, "2025-01", "HOSPITAL_ALLOWANCE", 14000, 1),
    ]
    assert projections.rebuild("payment_ledger", store_env) == incremental


def test_the_clerks_export_payments_totals_and_overdue_as_csv_and_xlsx(
    make_app: AppFactory,
    clock: Clock,
    insured: str,
    store_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    pay_claims(Journeys(app, clock), insured, 2)
    for name in ("payment_ledger", "claim_summary"):
        with projections.start(name, store_env) as worker:
            worker.wait(app.recorder.max_notification_id(), timeout=30)
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)

    payments = tmp_path / "payments.csv"
    assert (
        main(["export", "payments", "--format", "csv", "--output", str(payments)]) == 0
    )
    with payments.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:5] == ["日志位置", "理赔号", "类型", "银行流水号", "金额(元)"]
    assert [r[4] for r in rows[1:]] == ["100.00", "101.00", "201.00", "0.00", "201.00"]
    assert rows[0][7] == "各险种金额(元)"
    assert [r[7] for r in rows[1:3]] == ["意外医疗 100.00", "意外医疗 101.00"]
    assert [r[0] for r in rows[3:]] == ["赔款支付合计", "多付追回合计", "合计"]

    # The same as a workbook: numbers, dates and formats a clerk can sum and sort
    payments_xlsx = tmp_path / "payments.xlsx"
    assert main(["export", "payments", "--output", str(payments_xlsx)]) == 0
    paid = load_workbook(payments_xlsx).active
    assert paid is not None and paid.title == "赔付明细"
    assert paid.freeze_panes == "A3" and paid.auto_filter.ref == "A2:H4"
    assert paid["A7"].value == "合计" and paid["E7"].value == 201
    assert all(cell.font.b for cell in paid[2])
    amounts, days = [paid.cell(row=r, column=5) for r in (3, 4)], paid["F3"]
    assert [c.value for c in amounts] == [100, 101]
    assert all(c.number_format == "#,##0.00" for c in amounts)
    assert isinstance(days.value, datetime) and days.number_format == "yyyy-mm-dd"
    assert paid.column_dimensions["B"].width >= 36  # a claim id is not cut

    totals = tmp_path / "totals.xlsx"
    assert main(["export", "totals", "--output", str(totals)]) == 0
    sheet = load_workbook(totals).active
    assert sheet is not None and sheet.title == "赔付汇总"
    assert [c.value for c in sheet[2]] == ["乡镇", "月份", "赔付笔数", "赔付金额(元)"]
    total = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "合计")
    assert total[3].value == sum(c.value for c in amounts) == 201
    assert total[3].number_format == "#,##0.00"
    overdue = tmp_path / "overdue.csv"
    arguments = ["export", "overdue", "--as-of", "2024-11-01", "--output", str(overdue)]
    assert main([*arguments, "--format", "csv"]) == 0
    with overdue.open(encoding="utf-8-sig") as f:
        assert next(csv.reader(f))[0] == "理赔号"
    assert main([*arguments[:-1], str(tmp_path / "overdue.xlsx")]) == 0
    late = load_workbook(tmp_path / "overdue.xlsx").active
    assert late is not None and late.title == "超期未结理赔"
    assert [c.value for c in late[2]][:2] == ["理赔号", "状态"]
    assert [late["A3"].value, late["B3"].value] == ["合计", "0 件"]  # none late
    assert late["A3"].font.b and late.auto_filter.ref == "A2:F2"


def test_the_payments_sheet_adds_up_to_the_totals_without_the_top_up_not_yet_paid(
    make_app: AppFactory,
    clock: Clock,
    insured: str,
    store_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Medical 4,900 paid, 900 of it recovered after an appeal; a 100 %
    disability 30,000 paid, then the death's top-up of 30,000 granted but not
    paid. The sheet: 34,900 paid, -900 recovered, 34,000 in all, as the totals
    sheet's 合计 and 净赔付; no line for the top-up."""
    app = make_app()
    journeys = Journeys(app, clock)
    fall = date(2024, 11, 3)
    medical = journeys.assessed(
        insured, ["MEDICAL"], fall, invoices=(Invoice("F-14", fall, 500000),)
    ).claim
    journeys.pay_in_full(medical.id, date(2024, 12, 10))
    clock.set(date(2025, 1, 5))
    app.reopen_claim(ReopenClaim("appeal", medical.id, "复核"))
    eligible = Override("MEDICAL", ELIGIBLE, 410000, "APPEAL_DECISION", "复核")
    app.assess_claim(AssessClaim("reassess", medical.id, [eligible]))
    clock.set(date(2025, 1, 6))
    app.record_recovery(RecordRecovery("refund", medical.id, 90000, "REFUND-14"))
    disability = journeys.assessed(
        insured,
        ["DISABILITY"],
        date(2024, 12, 1),
        items=("1.3-01",),
        assessed_on=date(2025, 2, 1),
        distinct_accident=True,
    )
    journeys.pay_in_full(disability.claim.id, date(2025, 2, 10))
    journeys.assessed(
        insured,
        ["DEATH"],
        date(2024, 12, 1),
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 5),
        died_on=date(2025, 3, 1),
    )
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        assert TOP_UP_GRANTED in {x.kind for x in worker.view.lines()}
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)

    assert main(["export", "payments", "--output", str(tmp_path / "p.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "p.xlsx").active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    lines, totals = rows[:3], rows[3:]
    assert [r[2] for r in lines] == ["赔款支付", "多付追回", "赔款支付"]
    assert [r[4] for r in lines] == [4900, -900, 30000]
    assert lines[1][7] == "意外医疗 -900.00"
    assert [(r[0], r[4]) for r in totals] == [
        ("赔款支付合计", 34900),
        ("多付追回合计", -900),
        ("合计", 34000),
    ]
    assert sum(r[4] for r in lines) == totals[-1][4]
    assert sheet.auto_filter.ref == "A2:H5"  # the totals stay below the lines
    assert sheet["A6"].font.b and sheet["E6"].font.b and not sheet["E5"].font.b

    assert main(["export", "totals", "--output", str(tmp_path / "t.xlsx")]) == 0
    summary = load_workbook(tmp_path / "t.xlsx").active
    assert summary is not None
    figures = {r[0].value: r[3].value for r in summary.iter_rows(min_row=3)}
    assert figures["合计"] == totals[0][4] == 34900
    assert figures["已追回"] == 900
    assert figures["净赔付"] == totals[-1][4] == 34000


def test_a_reader_keeps_the_old_tables_until_the_swap_then_reads_the_rebuilt(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    pay_claims(journeys, insured, 1)
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
    reader = projections.open_view("payment_ledger", store_env)  # a server's
    pay_claims(journeys, insured, 1, first=1)  # no worker runs meanwhile
    assert len(reader.lines()) == 1

    projections.rebuild("payment_ledger", store_env)
    assert [x.amount_fen for x in reader.lines()] == [10000, 10100]


def test_a_rebuild_swapped_in_under_a_running_worker_loses_no_payment(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    """The worker goes on while the view is rebuilt: a payment it wrote after
    the rebuild's last event is missing from the rebuilt tables, so it starts
    again from their position instead of carrying on past the gap, whether or
    not another event comes; a second rebuild does the same."""
    app = make_app()
    journeys = Journeys(app, clock)
    workers = projections.Workers(["payment_ledger"], store_env)

    def caught_up() -> list[LedgerLine]:
        reader = projections.open_view("payment_ledger", store_env)
        end = app.recorder.max_notification_id()
        deadline = time.monotonic() + 30
        while not reader.has_tracking_id("Adjudication", end):
            assert time.monotonic() < deadline, "the view did not catch up"
            workers.check()
            time.sleep(0.05)
        lines = reader.lines()
        reader.datastore.close()
        return lines

    try:
        for rebuild in range(2):
            first = 4 * rebuild
            pay_claims(journeys, insured, 2, first=first)
            caught_up()
            rebuilt = projections.build("payment_ledger", store_env)
            pay_claims(journeys, insured, 1, first=first + 2)  # the worker has it
            caught_up()
            projections.swap_in(rebuilt)  # ... the rebuilt tables do not
            assert len(caught_up()) == first + 3  # found with no event to apply
            pay_claims(journeys, insured, 1, first=first + 3)
            lines = caught_up()
            assert [x.amount_fen for x in lines] == [
                10000 + n * 100 for n in range(first + 4)
            ]
    finally:
        workers.stop()
    assert projections.rebuild("payment_ledger", store_env) == (
        projections.open_view("payment_ledger", store_env).content_hash()
    )


def test_every_rebuild_replays_from_zero_and_repairs_a_damaged_view(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    """A line deleted from the live view by hand is back after a rebuild, the
    second rebuild as well as the first."""
    app = make_app()
    pay_claims(Journeys(app, clock), insured, 2)
    projections.rebuild("payment_ledger", store_env)
    for _ in range(2):
        view = projections.open_view("payment_ledger", store_env)
        view.apply(
            [("DELETE FROM {lines} WHERE amount_fen = %s", (10100,))],
            Tracking("damage", 1),
        )
        assert [x.amount_fen for x in view.lines()] == [10000]
        view.datastore.close()
        projections.rebuild("payment_ledger", store_env)
        view = projections.open_view("payment_ledger", store_env)
        assert [x.amount_fen for x in view.lines()] == [10000, 10100]
        view.datastore.close()


def test_readers_go_on_reading_while_the_view_is_rebuilt_again_and_again(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    """A server's threads read a view while rebuilds swap its tables: every
    read sees the whole ledger, none fails (on SQLite, closing the old file
    under a reading thread crashed the process)."""
    app = make_app()
    pay_claims(Journeys(app, clock), insured, 3)
    projections.rebuild("payment_ledger", store_env)
    view = projections.open_view("payment_ledger", store_env)
    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(len(view.lines()))
            except Exception as error:
                errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(8):
            projections.rebuild("payment_ledger", store_env)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert errors == []
    assert seen and set(seen) == {3}
