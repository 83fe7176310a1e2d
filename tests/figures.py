"""The figures the security and reliability tests measure (calls denied,
hits found, cases detected, ...), shown together at the end of the run:
pytest keeps what a passing test prints to itself."""

import os

FIGURES: list[tuple[str, str]] = []


def measured(text: str) -> None:
    """Keep a figure, under the test measuring it."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
    FIGURES.append((test, text.strip()))
