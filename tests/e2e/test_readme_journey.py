"""The README's journey, run as written on a fresh store.

Every command between the README's journey markers is run, in order, by one
bash in a folder laid out as the repository's (`.venv/bin`, `examples/`) with
nothing else in it, against a fresh server started there: the store is that
folder's `var/`, as for a newcomer (named by SQLITE_DBNAME all the same, so a
test never writes into a store of the machine's). The one change to what the
README says is the server's port. The Enrolment section's gRPC example is run
the same way, on a store of its own. Where grpcurl is not installed a
stand-in of the same name is put on the PATH: this module run as a script,
which sends the command's JSON body through the Python stubs (`json_format`)
and prints the response as grpcurl does (lowerCamelCase names, indented by
two, int64 as strings).

Each `# -> ...` line under a command is its documented outcome: for a
grpcurl command every `"name": value` there must be a line of its output; for
another command every comma-separated fragment must be in its output, read
with a table's rules (and colons) as spaces and runs of spaces as one.
"""

import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from openpyxl import load_workbook

from adjudication.domain.enrolment import RegistrationCheck
from adjudication.domain.registration_answers import RegistrationEntry
from adjudication.domain.roster_rows import RosterRow, RowValidator
from adjudication.enrolment.registration_file import read_answers
from adjudication.enrolment.roster_file import read_rows

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BEGIN = "<!-- BEGIN"
END = "<!-- END"
README_ADDRESS = "127.0.0.1:50051"


@dataclass
class Step:
    command: str
    outcomes: list[str] = field(default_factory=list)

    @property
    def is_grpcurl(self) -> bool:
        return self.command.startswith("grpcurl ")


def journey_steps(readme: str) -> list[Step]:
    """The commands of the indented code between the markers, each with the
    `# ->` lines under it."""
    start = readme.index(BEGIN)
    section = readme[start : readme.index(END, start)]
    code = [line[4:] for line in section.splitlines() if line.startswith("    ")]
    steps: list[Step] = []
    pending = ""
    for line in code:
        if pending:
            pending += "\n" + line
        elif line.startswith("#"):
            if line.startswith("# ->") and steps:
                steps[-1].outcomes.append(line.removeprefix("# ->").strip())
            continue
        else:
            pending = line
        if not pending.endswith("\\") and _complete(pending):
            steps.append(Step(pending))
            pending = ""
    assert not pending, f"the journey ends inside a command: {pending}"
    return steps


def _complete(command: str) -> bool:
    try:
        shlex.split(command)
    except ValueError:  # a quotation still open: the command goes on
        return False
    return True


# -- running the README's commands -----------------------------------------------

# what stands between a label and its value in a table, or a "label: value"
SEPARATORS = re.compile(r"[│┃┏┓┗┛━─┡┩╇┳┻╋└┘┴┬├┤┼|:=]")
JSON_MEMBER = re.compile(r'"[^"]+": (?:"(?:[^"\\]|\\.)*"|\[\]|\{\}|true|false|-?\d+)')
STORE_SETTINGS = ("ADJUDICATION_", "ENROLMENT_", "POSTGRES_", "SQLITE_")


@dataclass
class Ran:
    step: Step
    status: int
    output: str  # stdout and stderr

    def json(self) -> Any:
        return json.loads(self.output)


@dataclass
class Newcomer:
    """A folder laid out as the repository (`.venv/bin`, `examples/`), with a
    server started there as the README says, on a port of the test's own."""

    folder: Path
    address: str
    env: dict[str, str]

    def run(self, marker: str) -> list[Ran]:
        """Every command of the README's section `marker`, in one bash."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        start = readme.index(f"{BEGIN} {marker}")
        steps = journey_steps(readme[start:])
        script: list[str] = []
        for i, step in enumerate(steps):
            command = step.command
            if README_ADDRESS in command:
                command = command.replace(README_ADDRESS, self.address)
            script.append("{ " + command + "\n} 2>&1")
            script.append(f"printf '\\n::step {i} %s::\\n' \"$?\"")
        path = self.folder / f"{marker}.sh"
        path.write_text("\n".join(script) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["bash", str(path)],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        parts = re.split(r"\n::step (\d+) (\d+)::\n", done.stdout)
        assert len(parts) == 3 * len(steps) + 1, done
        return [
            Ran(step, int(parts[3 * i + 2]), parts[3 * i])
            for i, step in enumerate(steps)
        ]


def check_outcomes(ran: list[Ran]) -> None:
    """Each command succeeded and printed what its `# ->` lines say."""
    for r in ran:
        assert r.status == 0, f"{r.step.command}\nexited {r.status}:\n{r.output}"
        if r.step.is_grpcurl:
            lines = {line.strip().removesuffix(",") for line in r.output.splitlines()}
            for outcome in r.step.outcomes:
                fragments = JSON_MEMBER.findall(outcome)
                assert fragments, f"no JSON member in the outcome {outcome!r}"
                for fragment in fragments:
                    assert fragment in lines, (
                        f"{r.step.command}\nprinted no line {fragment}:\n{r.output}"
                    )
        else:
            printed = " ".join(SEPARATORS.sub(" ", r.output).split())
            for outcome in r.step.outcomes:
                for fragment in outcome.split(", "):
                    assert " ".join(fragment.split()) in printed, (
                        f"{r.step.command}\nprinted no {fragment!r}:\n{r.output}"
                    )


def _call(ran: list[Ran], method: str) -> list[Any]:
    """The responses of the commands calling `method`."""
    return [r.json() for r in ran if r.step.command.rstrip().endswith(f"/{method}")]


@pytest.fixture
def newcomer(tmp_path: Path) -> Iterator[Newcomer]:
    folder = tmp_path / "repository"
    (folder / ".venv").mkdir(parents=True)
    (folder / ".venv" / "bin").symlink_to(Path(sys.executable).parent)
    assert (folder / ".venv" / "bin" / "adjudication").exists()
    (folder / "examples").symlink_to(ROOT / "examples")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(STORE_SETTINGS) and k != "PERSISTENCE_MODULE"
    }
    # The README's default store, named: were the default ever to move out of
    # the folder, the test would still write nowhere else.
    env["SQLITE_DBNAME"] = str(folder / "var" / "adjudication.sqlite3")
    if shutil.which("grpcurl") is None:
        stand_in = tmp_path / "bin" / "grpcurl"
        stand_in.parent.mkdir()
        stand_in.write_text(
            "#!/bin/sh\n"
            f'PYTHONPATH="{ROOT}" exec "{sys.executable}" -m '
            f'tests.e2e.test_readme_journey "$@"\n',
            encoding="utf-8",
        )
        stand_in.chmod(0o755)
        env["PATH"] = f"{stand_in.parent}{os.pathsep}{env.get('PATH', '')}"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{s.getsockname()[1]}"
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [".venv/bin/adjudication", "serve", "--address", address],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(server, address, log)
        yield Newcomer(folder, address, env)
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(30)
    assert code == 0, log.read_text(encoding="utf-8")


def _wait_until_serving(
    server: subprocess.Popen[bytes], address: str, log: Path
) -> None:
    with grpc.insecure_channel(address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            try:
                answer = health.Check(health_pb2.HealthCheckRequest(), timeout=2)
                if answer.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.1)
    raise AssertionError(f"not SERVING:\n{log.read_text(encoding='utf-8')}")


# -- the tests ------------------------------------------------------------------


def test_the_journey_pays_the_claim_and_november_reconciles(
    newcomer: Newcomer,
) -> None:
    ran = newcomer.run("journey")
    check_outcomes(ran)
    [claim] = _call(ran, "GetClaim")
    assert claim["claim"]["status"] == "CLAIM_STATUS_PAID"
    assert claim["claim"]["paidFen"] == "78000"
    assert "outstandingFen" not in claim["claim"]  # nothing left to pay
    november, medical = _call(ran, "ListPayments")
    assert [(x["reference"], x["amountFen"], x["date"]) for x in november["lines"]] == [
        ("ABC2024110800017", "78000", "2024-11-08")
    ]
    assert medical == november
    [totals] = _call(ran, "GetTotals")
    assert [(x["month"], x["paidFen"]) for x in totals["paid"]] == [
        ("2024-11", "78000")
    ]
    [statement] = _call(ran, "ReconcileBankStatement")
    assert [x["reference"] for x in statement["matched"]] == ["ABC2024110800017"]
    assert statement["missingInLedger"] == statement["missingInBank"] == []
    assert statement["amountMismatches"] == []


def test_the_enrolment_over_grpc_confirms_the_five(newcomer: Newcomer) -> None:
    ran = newcomer.run("enrolment over gRPC")
    check_outcomes(ran)
    [imported] = _call(ran, "ImportRoster")
    assert imported["submission"]["accepted"] == 5
    assert "rejected" not in imported["submission"]
    [premium] = _call(ran, "GetPremiumStatement")
    assert premium["lines"] == [
        {"township": "昌宁镇", "insured": 5, "premiumFen": "10000"}
    ]


def test_every_journey_command_is_one_of_ours_with_its_outcome() -> None:
    """The parse keeps commands apart: each is the CLI or grpcurl (or sets
    shell variables) and has its outcome."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = journey_steps(readme[readme.index(f"{BEGIN} journey") :])
    assignments = re.compile(r"[A-Z]+=\S*(; [A-Z]+=\S*)*")
    commands = [s for s in steps if not assignments.fullmatch(s.command)]
    assert len(steps) - len(commands) == 3  # H, S and SVC; C; F
    for step in commands:
        assert step.is_grpcurl or step.command.startswith(".venv/bin/adjudication ")
        assert step.outcomes, step.command


def test_the_example_rosters_list_the_same_people_and_all_are_accepted() -> None:
    csv_rows = list(read_rows(EXAMPLES / "昌宁镇花名册.csv"))
    xlsx_rows = list(read_rows(EXAMPLES / "昌宁镇花名册.xlsx"))
    assert [r.fields for r in csv_rows] == [r.fields for r in xlsx_rows]
    assert len(csv_rows) == 5
    validator = RowValidator("昌宁镇", date(2024, 10, 14))
    checked = [validator.check(r) for r in xlsx_rows]
    assert all(isinstance(r, RosterRow) and not r.warnings for r in checked), checked
    answers = list(read_answers(EXAMPLES / "公安核查结果.csv"))
    assert all(isinstance(a, RegistrationEntry) for a in answers), answers
    assert [
        (a.resident_id_number, a.result, a.event_date)
        for a in answers
        if isinstance(a, RegistrationEntry)
    ] == [
        (
            r.fields["resident_id_number"],
            RegistrationCheck.CONFIRMED,
            date(2024, 10, 18),
        )
        for r in csv_rows
    ]


def test_the_example_workbook_is_what_its_script_makes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_roster_xlsx", EXAMPLES / "make_roster_xlsx.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.make(EXAMPLES / "昌宁镇花名册.csv", tmp_path / "made.xlsx")

    def cells(path: Path) -> list[list[tuple[object, str]]]:
        sheet = load_workbook(path).worksheets[0]
        return [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]

    assert cells(EXAMPLES / "昌宁镇花名册.xlsx") == cells(tmp_path / "made.xlsx")


# -- the grpcurl stand-in -------------------------------------------------------


def grpcurl(argv: list[str]) -> int:
    """The part of grpcurl the README uses: -plaintext, -H, -d (or -d @ for
    stdin: one JSON message, or several for a client stream), -emit-defaults,
    then the address and service/method. An error as grpcurl prints it, exit
    64 + its code."""
    from adjudication.v1 import (  # noqa: F401 (registers the services)
        audit_pb2,
        claims_pb2,
        enrollment_pb2,
        reconciliation_pb2,
    )

    headers: list[tuple[str, str]] = []
    data = "{}"
    emit_defaults = False
    args = list(argv)
    positional: list[str] = []
    while args:
        arg = args.pop(0)
        if arg == "-plaintext":
            continue
        if arg == "-emit-defaults":
            emit_defaults = True
        elif arg == "-H":
            name, _, value = args.pop(0).partition(":")
            headers.append((name.strip().lower(), value.strip()))
        elif arg == "-d":
            data = args.pop(0)
            if data == "@":
                data = sys.stdin.read()
        elif arg.startswith("-"):
            print(f"the grpcurl stand-in does not take {arg}", file=sys.stderr)
            return 2
        else:
            positional.append(arg)
    address, full_method = positional
    service_name, _, method_name = full_method.replace("/", ".").rpartition(".")
    service = descriptor_pool.Default().FindServiceByName(service_name)
    method = service.FindMethodByName(method_name)
    request_class = message_factory.GetMessageClass(method.input_type)
    requests = [json_format.Parse(m, request_class()) for m in _json_messages(data)]
    response_class = message_factory.GetMessageClass(method.output_type)
    kind = ("stream" if method.client_streaming else "unary") + (
        "_stream" if method.server_streaming else "_unary"
    )
    with grpc.insecure_channel(address) as channel:
        call = getattr(channel, kind)(
            f"/{service_name}/{method_name}",
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        sent = iter(requests) if method.client_streaming else requests[0]
        try:
            result = call(sent, metadata=headers or None, timeout=20)
            for response in result if method.server_streaming else [result]:
                print(_as_grpcurl_prints(response, emit_defaults))
        except grpc.RpcError as e:
            code = e.code()
            words = code.name.title().replace("_", "")
            print(f"ERROR:\n  Code: {words}\n  Message: {e.details()}", file=sys.stderr)
            return 64 + int(code.value[0])
    return 0


def _json_messages(data: str) -> list[str]:
    """The JSON objects of a -d text, one after another."""
    decoder = json.JSONDecoder()
    messages: list[str] = []
    at = 0
    while data[at:].strip():
        at += len(data[at:]) - len(data[at:].lstrip())
        _, end = decoder.raw_decode(data, at)
        messages.append(data[at:end])
        at = end
    return messages


def _as_grpcurl_prints(message: Any, emit_defaults: bool) -> str:
    return json_format.MessageToJson(
        message,
        indent=2,
        ensure_ascii=False,
        always_print_fields_with_no_presence=emit_defaults,
    )


if __name__ == "__main__":
    sys.exit(grpcurl(sys.argv[1:]))
