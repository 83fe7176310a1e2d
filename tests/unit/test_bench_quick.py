"""The benchmark's harness, without running it (a benchmark is no test)."""

import subprocess
import sys
from pathlib import Path

from bench.report import COLUMNS, Row, format_table, write_section

REPO = Path(__file__).resolve().parents[2]


def test_the_command_explains_itself() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout


def test_each_row_has_the_project_its_floor_and_the_ratio() -> None:
    table = format_table(
        [
            Row("write", 75, 1_781, "/s", floor_label="bare grpcio"),
            Row("write p99", 182, 8.4, "ms", higher_is_better=False),
            Row("growth", None, None, "", ratio_only=0.99, note="2.0 ÷ 2.0 ms"),
            Row("connections", 36, None, "", note="idle"),
            Row("roster", 4_047, 1_040_874, "/s"),
        ]
    ).splitlines()
    assert table[0] == "| " + " | ".join(COLUMNS) + " |"
    assert table[2] == "| write | 75 /s | 1,781 /s (bare grpcio) | 0.04 |  |"
    assert table[3] == "| write p99 | 182 ms | 8.40 ms | 21.7 × |  |"
    assert table[4] == "| growth | 2.0 ÷ 2.0 ms | – | 0.99 |  |"
    assert table[5] == "| connections | 36 (idle) | – | – |  |"
    assert table[6] == "| roster | 4,047 /s | 1,040,874 /s | 0.0039 |  |"


def test_a_run_replaces_its_own_section_only(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    write_section("Before", "old before", results)
    write_section("After", "after", results)
    write_section("Before", "new before", results)
    text = results.read_text(encoding="utf-8")
    assert "old before" not in text
    assert text.index("new before") < text.index("after")
