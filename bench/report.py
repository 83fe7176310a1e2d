"""The table: rows of the project's figure beside its floor, the machine it
ran on, and bench/RESULTS.md, where each run replaces its own section."""

import os
import platform
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
COLUMNS = ("row", "project", "floor in the same run", "ratio", "goal")


@dataclass
class Row:
    """`higher_is_better`: a rate (ratio project ÷ floor, shown as 0.04) or a
    time (shown as 22 ×). A row without a floor (connections, RSS) has
    `floor` None; a growth row has its ratio only."""

    name: str
    project: float | None
    floor: float | None
    unit: str
    higher_is_better: bool = True
    floor_label: str = ""
    goal: str = ""
    ratio_only: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ratio_only is not None:
            return self.ratio_only
        if self.project is None or not self.floor:
            return None
        return self.project / self.floor


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if abs(value) >= 100 or value == int(value):
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def ratio_text(row: Row) -> str:
    ratio = row.ratio
    if ratio is None:
        return "–"
    if row.ratio_only is not None or row.higher_is_better:
        # Two significant digits where two decimals would show 0.00.
        return f"{ratio:.2f}" if ratio >= 0.01 else f"{ratio:.2g}"
    return f"{ratio:.1f} ×"


def format_table(rows: list[Row]) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        if row.ratio_only is not None:
            project = row.note
            floor = "–"
        else:
            project = number(row.project, row.unit)
            floor = number(row.floor, row.unit) if row.floor is not None else "–"
            if row.floor_label and row.floor is not None:
                floor += f" ({row.floor_label})"
            if row.floor is None and row.note:
                project += f" ({row.note})"
        cells = (row.name, project, floor, ratio_text(row), row.goal)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine(pg_settings: dict[str, str], load_at_start: str) -> str:
    with open("/proc/meminfo", encoding="ascii") as f:
        total = int(f.readline().split()[1]) // 1024
    items = [
        f"cores: {os.cpu_count()}",
        f"memory: {total:,} MB",
        f"Python {platform.python_version()}",
        *(f"{k}: {v}" for k, v in pg_settings.items()),
        f"SQLite {sqlite3.sqlite_version}",
        f"load average (1/5/15 min) at the start: {load_at_start},"
        f" at the end: {load()}",
    ]
    return "\n".join(f"- {item}" for item in items)


def commit() -> str:
    sha = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=RESULTS.parent,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "src"],
        capture_output=True,
        text=True,
        cwd=RESULTS.parent,
    ).stdout.strip()
    return f"{sha}{' with uncommitted changes in src/' if dirty else ''}"


def write_section(section: str, body: str, path: Path = RESULTS) -> None:
    """Replaces the section `## {section} (…)` of the file, or appends it;
    the other sections (an earlier "Before", say) stay as they are."""
    heading = f"## {section} (commit {commit()})"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(rf"^## {re.escape(section)} \(.*?(?=^## |\Z)", re.M | re.S)
    block = f"{heading}\n\n{body.strip()}\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


HEADER = """# Benchmark results

Written by `python -m bench` (see the README's "Benchmark" section): each
section is one run, its table the project's figure beside the floor measured
in the same run. Ratios: for a rate, project ÷ floor (1.0 is the floor); for a
time, project ÷ floor (1.0 × is the floor).
"""
