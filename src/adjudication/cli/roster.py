"""`adjudication roster import | confirm | premium`: the enrolment clerk's tools."""

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from adjudication.cli.operator_errors import (
    EXISTING_FILE,
    FILE_FORMATS,
    ISO_DAY,
    output_file,
    scheme_of,
)
from adjudication.cli.output import console as console_of
from adjudication.cli.output import table
from adjudication.cli.schemes import SchemeOption
from adjudication.domain.calendar import scheme_date
from adjudication.domain.enrolment import RosterSubmission
from adjudication.domain.money import yuan
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.roster_rows import RowRejection, RowValidator
from adjudication.enrolment import premium_export
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.registration_file import read_answers
from adjudication.enrolment.roster_file import RosterFileError, file_digest, read_rows


def err() -> Console:
    """stderr as it is now (a test's capture, a pipe or a terminal)."""
    return console_of(stderr=True)


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


def import_roster(path: Path, township: str, scheme: str | None) -> int:
    """1 when rows were refused (each is listed), 2 for a file unread."""
    app = EnrolmentApplication()
    try:
        scheme_id = _scheme_id(app, scheme)
        try:
            submission, new = _import_with_progress(app, township, scheme_id, path)
        except RosterFileError as e:
            err().print(f"[red]{path.name}: {e}")
            return 2
        _report(app, submission, new, f"{township} · {scheme_id} · {path.name}")
        return 1 if submission.rejected_by_reason else 0
    finally:
        app.close()


def _import_with_progress(
    app: EnrolmentApplication, township: str, scheme_id: str, path: Path
) -> tuple[RosterSubmission, bool]:
    validator = RowValidator(township, scheme_date(app.clock()))
    shown = err()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        console=shown,
        disable=not shown.is_terminal,
    ) as progress:
        task = progress.add_task(path.name, total=_count_rows(path), rate="")

        def advance(rows: int) -> None:
            elapsed = progress.tasks[task].elapsed or 0
            rate = f"{rows / elapsed:,.0f} rows/s" if elapsed else ""
            progress.update(task, completed=rows, rate=rate)

        return app.import_roster(
            scheme_id,
            township,
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
        err().print("This file was submitted before: nothing changed.")
    rows = [
        ("accepted", str(submission.accepted)),
        ("already enrolled here", str(submission.unchanged)),
        *(
            (f"rejected: {reason}", str(count))
            for reason, count in sorted(submission.rejected_by_reason.items())
        ),
        *(
            (f"warning: {code}", str(count))
            for code, count in sorted(submission.warnings_by_code.items())
        ),
        ("rows read", str(submission.rows)),
    ]
    table(title, ("result", "rows"), rows)
    for rejection in app.roster_problems(submission):
        err().print(
            f"row {rejection.row_number}: {rejection.reason_code} "
            f"{rejection.resident_id_number} {rejection.detail}"
        )


def confirm(path: Path, source: str, scheme: str | None) -> int:
    """Apply the police's answers file; bad lines are listed, never applied
    (and the exit code is 1)."""
    app = EnrolmentApplication()
    scheme_id = _scheme_id(app, scheme)
    bad: list[RowRejection] = []

    def answers() -> Iterator[RegistrationEntry]:
        for answer in read_answers(path):
            if isinstance(answer, RowRejection):
                bad.append(answer)
            else:
                yield answer

    try:
        summary = app.check_registrations(scheme_id, answers(), source)
    except RosterFileError as e:
        err().print(f"[red]{path.name}: {e}")
        return 2
    finally:
        app.close()
    table(
        f"{scheme_id} · {path.name} · {source}",
        ("result", "lines"),
        [
            ("applied", str(summary.applied)),
            ("already so", str(summary.unchanged)),
            ("not enrolled", str(len(summary.not_enrolled))),
            ("refused", str(len(summary.refused))),
            ("unreadable", str(len(bad))),
        ],
    )
    for line in bad:
        err().print(f"row {line.row_number}: {line.reason_code} {line.detail}")
    for who, why in summary.refused:
        err().print(f"{who}: {why}")
    return 1 if bad or summary.refused or summary.not_enrolled else 0


def premium(
    scheme: str | None, as_of: date | None, file_format: str | None, output: str | None
) -> int:
    output_file(output, file_format, "premium")  # a wrong name, before all
    app = EnrolmentApplication()
    scheme_id = _scheme_id(app, scheme)
    as_of = as_of or scheme_date(app.clock())
    lines = app.premium_statement(scheme_id, as_of)
    app.close()
    written = output_file(output, file_format, f"premium-{scheme_id}-{as_of}")
    if written.suffix == ".csv":
        premium_export.write_csv(lines, written)
    else:
        premium_export.write_xlsx(lines, written, scheme_id, as_of)
    total = sum(x.premium_fen for x in lines)
    err().print(
        f"{written}: {len(lines)} townships, "
        f"{sum(x.insured for x in lines):,} insured, {yuan(total)} yuan"
    )
    return 0


def add_commands(cli: click.Group, run: Callable[..., int]) -> None:
    @cli.group("roster")
    def roster() -> None:
        """Township rosters, the police's answers and the premium."""

    @roster.command("import")
    @click.argument("file", type=EXISTING_FILE)
    @click.option("--township", required=True, help="the township whose roster")
    @click.option("--scheme", cls=SchemeOption)
    @click.pass_context
    def importing(
        ctx: click.Context, file: Path, township: str, scheme: str | None
    ) -> int:
        """Import a township's roster FILE (.csv or .xlsx); exit 1 when rows
        were refused (each is listed)."""
        return run(ctx, {}, lambda _: import_roster(file, township, scheme))

    @roster.command("confirm")
    @click.argument("file", type=EXISTING_FILE)
    @click.option("--source", required=True, help="e.g. the police's letter")
    @click.option("--scheme", cls=SchemeOption)
    @click.pass_context
    def answers(ctx: click.Context, file: Path, source: str, scheme: str | None) -> int:
        """Apply the police's answers FILE (.csv or .xlsx of 身份证号码, 核查结果,
        日期); exit 1 when lines were not applied (each is listed)."""
        return run(ctx, {}, lambda _: confirm(file, source, scheme))

    @roster.command("premium")
    @click.option("--scheme", cls=SchemeOption)
    @click.option(
        "--as-of", type=ISO_DAY, help="the day of the statement [default: today]"
    )
    @click.option(
        "--format", "file_format", type=click.Choice(FILE_FORMATS), help=FORMAT_HELP
    )
    @click.option(
        "--output", help="the file to write [default: premium-SCHEME-DAY.xlsx]"
    )
    @click.pass_context
    def statement(ctx: click.Context, /, **given: Any) -> int:
        """Export the premium statement."""
        return run(ctx, {}, lambda _: premium(**given))


FORMAT_HELP = "the file's format [default: the --output file's extension, else xlsx]"
