"""The README's performance figures are the benchmark's own: those bench/RESULTS.md holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKS = {
    "README.md": ("<!-- bench:readme -->", "<!-- /bench:readme -->"),
    "bench/RESULTS.md": ("<!-- bench:results -->", "<!-- /bench:results -->"),
}


def block(name: str) -> str:
    """Return what `bench/run.py --write` wrote between the marks of file `name`."""
    text = (ROOT / name).read_text(encoding="utf-8")
    start, end = MARKS[name]
    assert text.count(start) == 1 and text.count(end) == 1, f"{name}: the marks are missing"
    return text.split(start, 1)[1].split(end, 1)[0]


def rows(text: str) -> list[str]:
    """Return the table rows of `text` (not its header or rule)."""
    return [
        line
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| case |")
    ]


def machine(text: str) -> str:
    found = re.search(r"^Machine: (.+)$", text, re.MULTILINE)
    assert found, "no machine line"
    return found[1]


@pytest.mark.parametrize("name", list(MARKS), ids=["readme", "results"])
def test_the_table_states_the_machine_and_its_load(name: str) -> None:
    text = block(name)
    assert re.search(r"\d+ cores, .*load average [\d.]+ at the start and [\d.]+ at the end", text)
    assert re.search(
        r"^(Produced|Measured) on \d{4}-\d\d-\d\d by `python bench/run\.py", text, re.M
    )
    assert rows(text), f"{name}: no table"


def test_the_readme_shows_the_benchmarks_figures() -> None:
    readme, results = block("README.md"), block("bench/RESULTS.md")
    assert machine(readme) == machine(results)
    date = re.compile(r"on (\d{4}-\d\d-\d\d) by (`[^`]+`)")
    assert date.search(readme).groups() == date.search(results).groups()  # type: ignore[union-attr]
    missing = [row for row in rows(readme) if row not in rows(results)]
    assert not missing, f"README rows not in bench/RESULTS.md: {missing}"


def test_the_talks_targets_are_in_the_readme() -> None:
    names = [row.split(" | ")[0].removeprefix("| ") for row in rows(block("README.md"))]
    assert "the talk, nothing cached (new process)" in names
    assert "the talk after a one-word edit, figures cached (new process)" in names
