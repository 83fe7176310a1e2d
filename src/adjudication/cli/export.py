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

# The sheets' names, in Chinese (Excel allows 31 characters).
SHEETS = {"payments": "赔付明细", "totals": "赔付汇总", "overdue": "超期未结理赔"}
KINDS = {
    "PAYMENT": "赔款支付",
    "TOP_UP_GRANTED": "追加身故保险金核定",
    "RECOVERY": "多付追回",
}


def export(args: SimpleNamespace) -> int:
    catalogue = load_catalogue_with(os.environ.get("ADJUDICATION_SCHEMES"))
    scheme = scheme_of(catalogue, args.scheme)
    today = scheme_date(datetime.now(UTC))
    output = output_file(args.output, args.format, f"{args.table}-{scheme.id}-{today}")
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]] = []
    if args.table == "payments":
        ledger = projections.open_view("payment_ledger")
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
        after = 0
        while batch := ledger.lines(
            args.date_from,
            args.date_to,
            "",
            after,
            benefit=args.benefit or "",
        ):
            rows += [
                (
                    x.position,
                    x.claim_id,
                    KINDS[x.kind],
                    x.reference,
                    yuan(x.amount_fen),
                    x.day,
                    x.township,
                    "; ".join(
                        f"{chinese_name(b)} {yuan(fen):.2f}" for b, fen in x.benefits
                    ),
                )
                for x in batch
                if x.scheme_id == scheme.id
            ]
            after = batch[-1].position
    elif args.table == "totals":
        ledger = projections.open_view("payment_ledger")
        headers = ("乡镇", "月份", "赔付笔数", "赔付金额(元)")
        rows = [(t, m, n, yuan(fen)) for t, m, fen, n in ledger.paid_totals(scheme.id)]
        enrolment = EnrolmentApplication(catalogue)
        premium = sum(
            x.premium_fen for x in enrolment.premium_statement(scheme.id, today)
        )
        enrolment.close()
        paid = sum(fen for _, _, fen, _ in ledger.paid_totals(scheme.id))
        recovered, to_recover = ledger.recoveries(scheme.id)
        rows.append(("合计", "", sum(r[2] for r in rows), yuan(paid)))
        rows.append(("已追回", "", "", yuan(recovered)))
        rows.append(("待追回", "", "", yuan(to_recover)))
        paid -= recovered
        rows.append(("保费收入", "", "", yuan(premium)))
        ratio = Ratio(Decimal(paid) / Decimal(premium)) if premium else ""
        rows.append(("赔付率", "", "", ratio))
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
    sheet = SHEETS[args.table]
    write_table(output, headers, rows, title=f"{scheme.name} {sheet}", sheet=sheet)
    print(f"{output}: {len(rows)} rows")
    return 0


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
