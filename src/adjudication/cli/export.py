"""`adjudication export payments | totals | overdue --format csv|xlsx`: the
finance clerks' and auditors' tables, from the read models."""

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import click

from adjudication.adapters.tables import Ratio, write_table, yuan
from adjudication.cli.operator_errors import (
    FILE_FORMATS,
    ISO_DAY,
    output_file,
    scheme_of,
)
from adjudication.cli.roster import FORMAT_HELP
from adjudication.cli.schemes import SchemeOption
from adjudication.domain.benefits import BENEFITS
from adjudication.domain.benefits.codes import chinese_name
from adjudication.domain.calendar import scheme_date
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.schemes import load_catalogue_with
from projections import runner as projections
from projections.payment_ledger import PAYMENT, RECOVERY, TOP_UP_GRANTED

# The sheets' names, in Chinese (Excel allows 31 characters).
SHEETS = {"payments": "赔付明细", "totals": "赔付汇总", "overdue": "超期未结理赔"}
KINDS = {PAYMENT: "赔款支付", RECOVERY: "多付追回"}


def export(args: SimpleNamespace) -> int:
    catalogue = load_catalogue_with(os.environ.get("ADJUDICATION_SCHEMES"))
    scheme = scheme_of(catalogue, args.scheme)
    today = scheme_date(datetime.now(UTC))
    output = output_file(args.output, args.format, f"{args.table}-{scheme.id}-{today}")
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]] = []
    totals: list[tuple[Any, ...]] = []
    if args.table == "payments":
        headers = (
            "日志位置",
            "理赔号",
            "类型",
            "银行流水号",
            "金额(元)",
            "日期",
            "乡镇",
            "各险种金额(元)",
        )
        rows = payment_rows(scheme.id, args)
        amounts = {
            kind: sum((r[4] for r in rows if r[2] == KINDS[kind]), Decimal(0))
            for kind in KINDS
        }
        totals = [
            ("赔款支付合计", "", "", "", amounts[PAYMENT]),
            ("多付追回合计", "", "", "", amounts[RECOVERY]),
            ("合计", "", "", "", amounts[PAYMENT] + amounts[RECOVERY]),
        ]
    elif args.table == "totals":
        ledger = projections.open_view("payment_ledger")
        headers = ("乡镇", "月份", "赔付笔数", "赔付金额(元)")
        paid_totals = ledger.paid_totals(scheme.id)
        rows = [(t, m, n, yuan(fen)) for t, m, fen, n in paid_totals]
        enrolment = EnrolmentApplication(catalogue)
        premium = sum(
            x.premium_fen for x in enrolment.premium_statement(scheme.id, today)
        )
        enrolment.close()
        paid = sum(fen for _, _, fen, _ in paid_totals)
        recovered, to_recover = ledger.recoveries(scheme.id)
        net = paid - recovered
        ratio = Ratio(Decimal(net) / Decimal(premium)) if premium else ""
        totals = [
            ("合计", "", sum(r[2] for r in rows), yuan(paid)),
            ("已追回", "", "", yuan(recovered)),
            ("待追回", "", "", yuan(to_recover)),
            ("净赔付", "", "", yuan(net)),
            ("保费收入", "", "", yuan(premium)),
            ("赔付率", "", "", ratio),
        ]
    else:
        summaries = projections.open_view("claim_summary")
        as_of = args.as_of or today
        headers = ("理赔号", "状态", "被保险人", "乡镇", "资料齐全日期", "核定日期")
        after = -1
        while overdue := summaries.overdue(
            scheme.id, scheme.statutory, as_of, after, 1000
        ):
            rows += [
                (
                    str(r.claim_id),
                    r.status,
                    r.insured,
                    r.township,
                    r.documents_complete_on or "",
                    r.assessed_on or "",
                )
                for r in overdue
            ]
            after = overdue[-1].reported_position
        totals = [("合计", f"{len(rows)} 件")]
    sheet = SHEETS[args.table]
    title = f"{scheme.name} {sheet}"
    write_table(output, headers, rows, totals, title=title, sheet=sheet)
    print(f"{output}: {len(rows)} rows")
    return 0


def payment_rows(scheme_id: str, args: SimpleNamespace) -> list[tuple[Any, ...]]:
    """The money that moved: payments, and recoveries as negative amounts, so
    the column adds up to what was paid net. A top-up granted is not paid
    until a payment pays it, so it is not a line here (the ledger keeps it)."""
    ledger = projections.open_view("payment_ledger")
    rows: list[tuple[Any, ...]] = []
    after = 0
    while batch := ledger.lines(
        args.date_from, args.date_to, "", after, benefit=args.benefit or ""
    ):
        for x in batch:
            if x.scheme_id != scheme_id or x.kind == TOP_UP_GRANTED:
                continue
            sign = -1 if x.kind == RECOVERY else 1
            parts = (f"{chinese_name(b)} {yuan(sign * f):.2f}" for b, f in x.benefits)
            rows.append(
                (
                    x.position,
                    x.claim_id,
                    KINDS[x.kind],
                    x.reference,
                    yuan(sign * x.amount_fen),
                    x.day,
                    x.township,
                    "; ".join(parts),
                )
            )
        after = batch[-1].position
    return rows


def add_commands(cli: click.Group, run: Callable[..., int]) -> None:
    @cli.command("export")
    @click.argument("table", type=click.Choice(tuple(SHEETS)))
    @click.option(
        "--format", "file_format", type=click.Choice(FILE_FORMATS), help=FORMAT_HELP
    )
    @click.option("--output", help="the file to write [default: TABLE-SCHEME-DAY.xlsx]")
    @click.option("--scheme", cls=SchemeOption)
    @click.option("--from", "date_from", type=ISO_DAY, help="the first day (payments)")
    @click.option("--to", "date_to", type=ISO_DAY, help="the last day (payments)")
    @click.option(
        "--benefit",
        type=click.Choice(BENEFITS.codes()),
        help="only what paid this benefit (payments)",
    )
    @click.option(
        "--as-of", type=ISO_DAY, help="overdue on this day (overdue) [default: today]"
    )
    @click.pass_context
    def exporting(ctx: click.Context, /, **given: date | str | None) -> int:
        """Export a TABLE for the finance clerks: payments, totals, overdue."""
        args = SimpleNamespace(format=given.pop("file_format"), **given)
        return run(ctx, {}, lambda _: export(args))
