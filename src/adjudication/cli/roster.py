"""`adjudication roster import | confirm | premium`: the enrolment clerk's tools."""

import argparse
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from adjudication.cli.operator_errors import (
    FILE_FORMATS,
    existing_file,
    iso_day,
    output_file,
    scheme_of,
)
from adjudication.domain.calendar import scheme_date
from adjudication.domain.enrolment import RosterSubmission
from adjudication.domain.money import yuan
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.roster_rows import RowRejection, RowValidator
from adjudication.enrolment import premium_export
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.registration_file import read_answers
from adjudication.enrolment.roster_file import RosterFileError, file_digest, read_rows

console = Console(stderr=True)


def _count_rows(path: Path) -> int | None:
    """Lines of a CSV file, for the progress bar (None for a workbook)."""
    if path.suffix.lower() != ".csv":
        return None
    with path.open("rb") as f:
        return max(
            sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) - 1,
            0,
        )


def _scheme_id(app: EnrolmentApplication, given: str | None) -> str:
    return scheme_of(app.catalogue, given).id


def import_roster(args: argparse.Namespace) -> int:
    path = Path(args.file)
    app = EnrolmentApplication()
    try:
        scheme_id = _scheme_id(app, args.scheme)
        try:
            submission, new = _import_with_progress(app, args, scheme_id, path)
        except RosterFileError as e:
            console.print(f"[red]{path.name}: {e}")
            return 2
        _report(app, submission, new, f"{args.township} · {scheme_id} · {path.name}")
        return 0
    finally:
        app.close()


def _import_with_progress(
    app: EnrolmentApplication, args: argparse.Namespace, scheme_id: str, path: Path
) -> tuple[RosterSubmission, bool]:
    validator = RowValidator(args.township, scheme_date(app.clock()))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        console=console,
    ) as progress:
        task = progress.add_task(path.name, total=_count_rows(path), rate="")

        def advance(rows: int) -> None:
            elapsed = progress.tasks[task].elapsed or 0
            rate = f"{rows / elapsed:,.0f} rows/s" if elapsed else ""
            progress.update(task, completed=rows, rate=rate)

        return app.import_roster(
            scheme_id,
            args.township,
            path.name,
            file_digest(path),
            (validator.check(raw) for raw in read_rows(path)),
            progress=advance,
        )


def _report(
    app: EnrolmentApplication, submission: RosterSubmission, new: bool, title: str
) -> None:
    """The summary table by reason, then every rejected row (read from the
    submission's events as they are printed)."""
    if not new:
        console.print("This file was submitted before: nothing changed.")
    table = Table(title=title)
    table.add_column("result")
    table.add_column("rows", justify="right")
    table.add_row("accepted", str(submission.accepted))
    table.add_row("already enrolled here", str(submission.unchanged))
    for reason, count in sorted(submission.rejected_by_reason.items()):
        table.add_row(f"rejected: {reason}", str(count))
    for code, count in sorted(submission.warnings_by_code.items()):
        table.add_row(f"warning: {code}", str(count))
    table.add_row("rows read", str(submission.rows))
    Console().print(table)
    for rejection in app.roster_problems(submission):
        console.print(
            f"row {rejection.row_number}: {rejection.reason_code} "
            f"{rejection.resident_id_number} {rejection.detail}"
        )


def confirm(args: argparse.Namespace) -> int:
    """Apply the police's answers file; bad lines are listed, never applied."""
    path = Path(args.file)
    app = EnrolmentApplication()
    scheme_id = _scheme_id(app, args.scheme)
    bad: list[RowRejection] = []

    def answers() -> Iterator[RegistrationEntry]:
        for answer in read_answers(path):
            if isinstance(answer, RowRejection):
                bad.append(answer)
            else:
                yield answer

    try:
        summary = app.check_registrations(scheme_id, answers(), args.source)
    except RosterFileError as e:
        console.print(f"[red]{path.name}: {e}")
        return 2
    finally:
        app.close()
    table = Table(title=f"{scheme_id} · {path.name} · {args.source}")
    table.add_column("result")
    table.add_column("lines", justify="right")
    table.add_row("applied", str(summary.applied))
    table.add_row("already so", str(summary.unchanged))
    table.add_row("not enrolled", str(len(summary.not_enrolled)))
    table.add_row("refused", str(len(summary.refused)))
    table.add_row("unreadable", str(len(bad)))
    Console().print(table)
    for line in bad:
        console.print(f"row {line.row_number}: {line.reason_code} {line.detail}")
    for who, why in summary.refused:
        console.print(f"{who}: {why}")
    return 0


def premium(args: argparse.Namespace) -> int:
    output_file(args.output, args.format, "premium")  # a wrong name, before all
    app = EnrolmentApplication()
    scheme_id = _scheme_id(app, args.scheme)
    as_of = args.as_of or scheme_date(app.clock())
    lines = app.premium_statement(scheme_id, as_of)
    app.close()
    output = output_file(args.output, args.format, f"premium-{scheme_id}-{as_of}")
    if output.suffix == ".csv":
        premium_export.write_csv(lines, output)
    else:
        premium_export.write_xlsx(lines, output, scheme_id, as_of)
    total = sum(x.premium_fen for x in lines)
    console.print(
        f"{output}: {len(lines)} townships, {sum(x.insured for x in lines):,} insured, "
        f"{yuan(total)} yuan"
    )
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    roster = commands.add_parser("roster", help="township rosters and the premium")
    actions = roster.add_subparsers(dest="action", required=True)
    importing = actions.add_parser("import", help="import a township's roster file")
    importing.add_argument("file", type=existing_file, help="a .csv or .xlsx roster")
    importing.add_argument("--township", required=True)
    importing.add_argument("--scheme", help="scheme year id (default: the latest)")
    importing.set_defaults(run=import_roster)
    answers = actions.add_parser("confirm", help="apply the police's answers file")
    answers.add_argument(
        "file", type=existing_file, help="a .csv or .xlsx of 身份证号码, 核查结果, 日期"
    )
    answers.add_argument("--source", required=True, help="e.g. the police's letter")
    answers.add_argument("--scheme")
    answers.set_defaults(run=confirm)
    statement = actions.add_parser("premium", help="export the premium statement")
    statement.add_argument("--scheme")
    statement.add_argument("--as-of", type=iso_day, help="YYYY-MM-DD (default: today)")
    statement.add_argument(
        "--format",
        choices=FILE_FORMATS,
        help="csv or xlsx (default: the --output file's extension, else xlsx)",
    )
    statement.add_argument("--output")
    statement.set_defaults(run=premium)
