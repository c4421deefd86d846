"""The processes deckgen runs: one CPU count, one timeout and one way to end a process group,
shared by the figures' workers and the export stage."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deckgen import procs
from helpers import run_python, running

SRC = Path(__file__).resolve().parents[1] / "src" / "deckgen"


def calls(tree: ast.AST) -> list[str]:
    """Return the dotted names of the functions `tree` calls (`os.cpu_count`, `os.killpg`)."""
    found = []
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            found.append(f"{func.value.id}.{func.attr}")
    return found


def assigned(tree: ast.AST) -> list[str]:
    """Return the module-level names `tree` assigns."""
    return [
        target.id
        for node in getattr(tree, "body", [])
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]


MODULES = {
    path.relative_to(SRC).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
    for path in SRC.rglob("*.py")
}


@pytest.mark.parametrize(
    "what",
    ["os.cpu_count", "os.sched_getaffinity", "os.killpg", "os.kill"],
    ids=["cpu-count", "affinity", "killpg", "kill"],
)
def test_cpus_and_process_killing_live_in_procs_only(what):
    # files.running asks whether a process exists (signal 0): not a killer.
    allowed = {"procs.py"} | ({"files.py"} if what == "os.kill" else set())
    users = sorted(name for name, tree in MODULES.items() if what in calls(tree))
    assert [name for name in users if name not in allowed] == []


def test_one_timeout():
    owners = sorted(name for name, tree in MODULES.items() if "TIMEOUT" in assigned(tree))
    assert owners == ["procs.py"]


def test_the_cpus_are_those_this_process_may_use():
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("needs sched_setaffinity (Linux)")
    code = (
        "import os; os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]}); "
        "from deckgen import procs; from deckgen.figures import pool; "
        "print(procs.available_cpus(), pool.cpus())"
    )
    done = run_python("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "1"]


@pytest.mark.slow
def test_end_stops_a_whole_group_even_a_process_that_ignores_sigterm():
    child = (
        "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "grandchild = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)']); "
        "print(grandchild.pid, flush=True); time.sleep(3600)"
    )
    process = procs.spawn([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    grandchild = int(process.stdout.readline())
    start = time.monotonic()
    procs.end(process)
    assert process.returncode == -signal.SIGKILL  # SIGTERM ignored: killed after the grace
    assert time.monotonic() - start < procs.GRACE + 10
    assert not procs.group_alive(process.pid)
    assert not running(grandchild)
