"""Time deckgen: the talk cold and after an edit, watch, serve, synthetic 250 and 1000 slide decks.

Run from the repository root:  python bench/run.py [--runs 5] [--big-runs 3] [--no-big] [--write]

Every case runs deckgen as a new process (as a user would) and reports the median wall time of
several runs and the peak memory (ru_maxrss) of the process. The talk's targets are ratios to
a reference run in the same loop, interleaved (`talk_cases`): deckgen cold against a naive
python-pptx + matplotlib script (`bench/naive.py`), the rebuild after a one-word edit against
`python -c "import pptx"`. Prints a Markdown table, with the machine and its load average;
`--write` also puts it into bench/RESULTS.md and README.md's Performance section, between
their marks (tests/test_bench_results.py checks that the two agree).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import synth

ROOT = Path(__file__).resolve().parent.parent
TALK = ROOT / "deck.yaml"
EDITS = ("매출이 필요", "수익이 필요")
"""A one-word edit of the talk: each run swaps the word, so every build sees a changed deck."""
SERVE_WORDS = ("수익", "이익", "소득", "수입", "실적", "이윤", "결실", "매상", "순익", "영업익")
"""Words for serve's edits: each edit's slide is one never drawn before in that run."""


@dataclass
class Case:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    target: str = ""
    limit: float | None = None
    note: str = ""

    ratio_limit: float | None = None
    """With `ratio_of`: the most this case's median may be, as a multiple of that case's."""
    ratio_of: Case | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def ratio(self, other: Case, limit: float, name: str) -> None:
        """Compare this case's median with `other`'s, which ran interleaved with it."""
        self.ratio_of, self.ratio_limit = other, limit
        self.note = f"{self.median / other.median:.2f}x {name}"

    @property
    def met(self) -> bool | None:
        """Whether the case met its target; None when it has none."""
        if self.ratio_of is not None and self.ratio_limit is not None:
            return self.median / self.ratio_of.median <= self.ratio_limit
        if self.limit is not None:
            return self.median <= self.limit
        return None

    def row(self) -> str:
        peak = f"{max(self.peak_mb):.0f}" if self.peak_mb else ""
        verdict = {None: "", True: "yes", False: "**no**"}[self.met]
        spread = f"{min(self.seconds):.3f}-{max(self.seconds):.3f}"
        return (
            f"| {self.name} | {self.median:.3f} | {spread} | {len(self.seconds)} | {peak} "
            f"| {self.target} | {verdict} | {self.note} |"
        )


def child_env(work: Path, cache: Path | None = None) -> dict[str, str]:
    """Return the environment of a timed process: bytecode cached as in an installed package."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DECKGEN_")}
    # This sandbox sets PYTHONDONTWRITEBYTECODE, which makes every run compile deckgen's
    # sources again (about 40 ms); an installed deckgen has its bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    if cache is not None:
        env["DECKGEN_CACHE_DIR"] = str(cache)
    return env


def timed(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Run `args`; return its wall time in seconds, its peak memory in MB and its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def deckgen(*args: str) -> list[str]:
    """Return the command line that runs deckgen as its users run it: the `deckgen` command pip
    installed beside this Python (`python -m deckgen` where there is none, 3 ms slower)."""
    script = Path(sys.executable).with_name("deckgen")
    if script.is_file():
        return [str(script), *args]
    return [sys.executable, "-m", "deckgen", *args]


def measure(case: Case, runs: int, before: Callable[[int], list[str]], env, cwd) -> Case:
    """Run the command `before(i)` returns, `runs` times, into `case`."""
    for i in range(runs):
        seconds, peak, _text = timed(before(i), env, cwd)
        case.seconds.append(seconds)
        case.peak_mb.append(peak)
    return case


def talk_cases(work: Path, runs: int) -> list[Case]:
    """Time the talk in pairs, interleaved, so that both sides of a ratio see the same load:
    deckgen cold against the naive script (`bench/naive.py`), a one-word edit's rebuild against
    `python -c "import pptx"`; then a build to a new file and watch mode."""
    deck = work / "talk" / "deck.yaml"
    deck.parent.mkdir(parents=True)
    shutil.copy(TALK, deck)
    out = work / "talk" / "out" / "deck.pptx"
    naive_out = work / "talk" / "naive.pptx"
    naive = [sys.executable, str(ROOT / "bench" / "naive.py"), str(deck), str(naive_out)]
    # Untimed: fill the bytecode cache (every module compiles once into PYTHONPYCACHEPREFIX).
    timed(deckgen("build", str(deck), "-o", str(out)), child_env(work, work / "first"), work)
    timed(naive, child_env(work), work)
    timed(
        [sys.executable, "-c", "import deckgen.commands.watch, watchfiles"], child_env(work), work
    )
    warm_cache = work / "warm"
    timed(deckgen("build", str(deck), "-o", str(out)), child_env(work, warm_cache), deck.parent)
    text = deck.read_text(encoding="utf-8")

    cold = Case(TALK_COLD, target="<= 0.55x the naive script")
    script = Case(NAIVE)
    warm = Case(TALK_EDIT, target="<= 1.5x import pptx")
    reference = Case(IMPORT_PPTX)
    steps: list[tuple[Case, Callable[[int], list[str]], dict[str, str], Path]] = [
        (
            cold,
            lambda i: deckgen("build", str(deck), "-o", str(out)),
            {},  # a new, empty cache each run: set below
            deck.parent,
        ),
        (script, lambda _i: naive, child_env(work), deck.parent),
        (warm, lambda i: _edited(deck, text, i, out), child_env(work, warm_cache), deck.parent),
        (reference, lambda _i: [sys.executable, "-c", "import pptx"], child_env(work), work),
    ]
    for i in range(runs):
        order = steps if i % 2 == 0 else [steps[1], steps[0], steps[3], steps[2]]
        for case, command, env, cwd in order:
            if case is cold:
                env = child_env(work, work / f"cold-{i}")
            seconds, peak, _text = timed(command(i), env, cwd)
            case.seconds.append(seconds)
            case.peak_mb.append(peak)
    cold.ratio(script, 0.55, "the naive script")
    warm.ratio(reference, 1.5, "import pptx")
    whole = measure(
        Case("talk, figures cached, written to a new file (new process)"),
        runs,
        lambda i: deckgen("build", str(deck), "-o", str(deck.parent / "out" / f"new-{i}.pptx")),
        child_env(work, warm_cache),
        deck.parent,
    )
    return [cold, script, warm, reference, whole, watch_case(work, deck, out, warm_cache, runs)]


def _edited(deck: Path, text: str, i: int, out: Path) -> list[str]:
    """Save the talk with one word changed (another each run); return the command to build it."""
    # A word no build has measured before, as a user's edit is: no width of it is cached.
    deck.write_text(text.replace(EDITS[0], f"매출 {i + 1}회차가 필요"), encoding="utf-8")
    return deckgen("build", str(deck), "-o", str(out))


def watch_case(work: Path, deck: Path, out: Path, cache: Path, runs: int) -> Case:
    """Time from saving an edit of the deck to the new .pptx being in place, in watch mode."""
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace(EDITS[1], EDITS[0]), encoding="utf-8")
    process = subprocess.Popen(
        deckgen("watch", str(deck), "-o", str(out)),
        cwd=deck.parent,
        env=child_env(work, cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    case = Case(WATCH, target="<= 0.15 s", limit=0.15)
    assert process.stdout is not None
    try:
        while not process.stdout.readline().startswith("Watching"):
            pass
        time.sleep(1.0)  # the watcher starts listening after it prints
        for i in range(runs):
            before = os.stat(out)
            start = time.perf_counter()
            deck.write_text(text.replace(EDITS[0], EDITS[(i + 1) % 2]), encoding="utf-8")
            while True:
                now = os.stat(out)
                if (now.st_ino, now.st_mtime_ns) != (before.st_ino, before.st_mtime_ns):
                    break
                if time.perf_counter() - start > 30:
                    raise SystemExit("deckgen watch did not rebuild within 30 s")
                time.sleep(0.001)
            seconds = time.perf_counter() - start
            line = process.stdout.readline()
            assert " changed: wrote " in line, line
            case.seconds.append(seconds)
            time.sleep(0.3)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    return case


class Page:
    """What a browser on serve's page does: follow /events, read /slides.json and pictures."""

    def __init__(self, url: str) -> None:
        self.url = url
        host, port = url.removeprefix("http://").strip("/").rsplit(":", 1)
        self.events = http.client.HTTPConnection(host, int(port), timeout=120)
        self.events.request("GET", "/events")
        self.stream = self.events.getresponse()

    def state(self) -> dict:
        """Return the state after the next event."""
        deadline = time.monotonic() + 120
        while not self.stream.readline().startswith(b"event: state"):
            if time.monotonic() > deadline:
                raise SystemExit(f"{self.url}: no change in 120 s")
        with urllib.request.urlopen(self.url + "slides.json", timeout=60) as answer:
            return json.load(answer)

    def fetch(self, png: str) -> None:
        urllib.request.urlopen(self.url + png.lstrip("/"), timeout=60).read()

    def close(self) -> None:
        self.events.close()


def serve_cases(work: Path, runs: int, edits: int = 2) -> list[Case]:
    """Time `deckgen serve` on the talk against `deckgen pdf`: the first page, then edits.

    Each run starts serve as a new process and follows its page as the browser does: the
    server-sent events, then /slides.json and the pictures it names. The first page is ready when
    every slide's picture is served; an edit is shown when the edited slide's new picture is.
    """
    deck = work / "serve" / "deck.yaml"
    deck.parent.mkdir(parents=True)
    shutil.copy(TALK, deck)
    text = deck.read_text(encoding="utf-8")
    env = child_env(work, work / "serve-cache")
    timed(deckgen("build", str(deck)), env, deck.parent)  # figures cached, as after any build
    pdf = Case("`deckgen pdf`, the talk (figures cached)")
    first = Case("serve: start to the first thumbnail")
    whole = Case(
        "serve: start to the first page (every thumbnail, slide 1 full size)", target="<= pdf"
    )
    complete = Case("serve: start to every slide full size")
    edit = Case(
        "serve: one-word edit saved to its new thumbnail served",
        target="<= 3 s (aim 1.5 s)",
        limit=3.0,
    )
    edit_full = Case("serve: one-word edit saved to its new full-size picture served")
    for i in range(runs):
        deck.write_text(text, encoding="utf-8")
        # pdf right before each serve run: the other load on the machine drifts.
        measure(
            pdf,
            1,
            lambda _i: deckgen("pdf", str(deck), "-o", str(work / "talk.pdf")),
            env,
            deck.parent,
        )
        start = time.perf_counter()
        process = subprocess.Popen(
            deckgen("serve", str(deck), "--port", "0"),
            cwd=deck.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        try:
            line = process.stdout.readline()
            assert line.startswith("Serving"), line
            page = Page(line.rsplit(" at ", 1)[1].strip())
            seen: set[str] = set()
            while True:  # as the page: fetch each picture it names, once
                now = page.state()
                for slide in now["slides"]:
                    for name in ("thumb", "png"):
                        if slide[name] and slide[name] not in seen:
                            page.fetch(slide[name])
                            seen.add(slide[name])
                thumbs = [slide["thumb"] for slide in now["slides"]]
                if any(thumbs) and len(first.seconds) == i:
                    first.seconds.append(time.perf_counter() - start)
                if thumbs and all(thumbs) and now["slides"][0]["png"] and len(whole.seconds) == i:
                    whole.seconds.append(time.perf_counter() - start)
                if thumbs and all(s["png"] for s in now["slides"]) and not now["rendering"]:
                    complete.seconds.append(time.perf_counter() - start)
                    break
            while not process.stdout.readline().startswith("Watching"):
                pass
            time.sleep(0.5)  # the watcher starts listening after it prints
            for j in range(edits):
                before = now["slides"]
                begin = time.perf_counter()
                # A word not used before: a picture drawn once is shown again without drawing.
                word = f"{SERVE_WORDS[(i * edits + j) % len(SERVE_WORDS)]}이 필요"
                deck.write_text(text.replace(EDITS[0], word), encoding="utf-8")
                changed = None
                while True:
                    now = page.state()
                    slides = now["slides"]
                    if changed is None:
                        new = [n for n, s in enumerate(slides) if s["thumb"] != before[n]["thumb"]]
                        if new:
                            assert len(new) == 1, f"{len(new)} slides changed"
                            changed = new[0]
                            page.fetch(slides[changed]["thumb"])
                            edit.seconds.append(time.perf_counter() - begin)
                    if changed is not None and slides[changed]["png"] != before[changed]["png"]:
                        page.fetch(slides[changed]["png"])
                        edit_full.seconds.append(time.perf_counter() - begin)
                        break
                time.sleep(0.3)
            page.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=60)
    whole.limit = pdf.median
    for case in (first, whole, complete):
        case.note = f"{case.median / pdf.median:.2f}x `deckgen pdf`"
    return [pdf, first, whole, complete, edit, edit_full]


def synthetic_cases(work: Path, slides: int, runs: int, target: tuple[float, float] | None):
    """Time a synthetic deck: cold; figures cached; one slide edited; nothing changed."""
    deck = synth.write(work / f"synth-{slides}", slides)
    text = deck.read_text(encoding="utf-8")
    figures = slides // 5
    name = f"{slides} slides / {figures} figures"
    cold = Case(f"{name}, cold (empty cache)")
    whole = Case(f"{name}, figures cached, written to a new file")
    edit = Case(f"{name}, one slide edited (figures cached)")
    same = Case(f"{name}, nothing changed")
    if target:
        cold.target, cold.limit = f"<= {target[0]:g} s", target[0]
        edit.target, edit.limit = f"<= {target[1]:g} s", target[1]
    middle = text.index(f"슬라이드 {slides // 2}번")
    for i in range(runs):
        cache = work / f"synth-cache-{slides}-{i}"
        env = child_env(work, cache)
        out = deck.parent / "out" / f"deck-{i}.pptx"
        deck.write_text(text, encoding="utf-8")
        steps = [
            (cold, out, None),
            (whole, deck.parent / "out" / f"other-{i}.pptx", None),
            (edit, out, text[:middle] + "편집 " + text[middle:]),
            (same, out, None),
        ]
        for case, target_file, new_text in steps:
            if new_text is not None:
                deck.write_text(new_text, encoding="utf-8")
            command = deckgen("build", str(deck), "-o", str(target_file))
            seconds, peak, _ = timed(command, env, deck.parent)
            case.seconds.append(seconds)
            case.peak_mb.append(peak)
        shutil.rmtree(cache)
    for case in (cold, whole, edit, same):
        case.note = f"{statistics.median(case.seconds) / slides * 1000:.1f} ms per slide"
    return [cold, whole, edit, same]


def pool_cases(work: Path, runs: int) -> list[Case]:
    """Draw N figures in the build's process, in one worker, or in a worker per core."""
    modes = {
        "in the build's own process": "c.available_cpus = lambda: 1; c.PARALLEL_MIN = 10**9",
        "in one worker beside the slides": "c.WORKERS_MAX = 1",
        "in a worker per core (the default)": "pass",
    }
    cases = []
    for figures in (5, 10, 20):
        deck = synth.write(work / f"pool-{figures}", figures * 5)
        for label, setting in modes.items():
            case = Case(f"{figures * 5} slides, {figures} figures drawn {label}")
            code = (
                f"import sys, deckgen.figures.pool as c; {setting}; "
                "from deckgen.cli import main; main(sys.argv[1:], prog_name='deckgen')"
            )
            args = [sys.executable, "-c", code, "build", str(deck), "--no-cache"]
            measure(case, runs, lambda _i, args=args: args, child_env(work), deck.parent)
            cases.append(case)
    return cases


def pandoc_case(work: Path, runs: int) -> Case | None:
    """Time pandoc on a Markdown deck equivalent to the talk, with the figures as PNG files."""
    if shutil.which("pandoc") is None:
        return None
    folder = work / "pandoc"
    timed(deckgen("charts", str(TALK), "-o", str(folder / "figures")), child_env(work), ROOT)
    markdown = folder / "talk.md"
    markdown.write_text(talk_markdown(sorted((folder / "figures").glob("*.png"))), "utf-8")
    return measure(
        Case("pandoc, the talk as Markdown with pre-drawn figures"),
        runs,
        lambda _i: ["pandoc", str(markdown), "-o", str(folder / "talk.pptx")],
        child_env(work),
        folder,
    )


def talk_markdown(figures: list[Path]) -> str:
    """Return the talk as a pandoc Markdown deck: titles, text, figures and notes."""
    from deckgen.commands import build
    from deckgen.outline import markup

    prepared = build.prepare(TALK)
    deck = prepared.outline.deck
    lines = [f"% {markup.plain(deck.title)}", ""]
    pictures = iter(figures)
    for section in deck.sections:
        lines += [f"# {markup.plain(section.title)}", ""]
        for slide in section.slides:
            if slide.hidden:
                continue
            data = slide.as_dict(drop_none=True)
            title = data.pop("title", "") or data.get("text", "") or data.get("quote", "")
            lines += [f"## {markup.plain(str(title))}", ""]
            for key in ("text", "quote", "by", "value", "label", "detail", "caption", "source"):
                if key in data:
                    lines += [markup.plain(str(data[key])), ""]
            for bullet in _bullets(data):
                lines.append(bullet)
            if data.get("type") in ("chart", "diagram"):
                lines += ["", f"![]({next(pictures)})", ""]
            if "notes" in data:
                lines += ["", "::: notes", data["notes"], ":::", ""]
            lines.append("")
    return "\n".join(lines)


def _bullets(data: dict, depth: int = 0) -> list[str]:
    out = []
    for item in data.get("bullets", []):
        text = item if isinstance(item, str) else item["text"]
        out.append(f"{'  ' * depth}- {re.sub(r'[*=_]', '', text)}")
        if isinstance(item, dict):
            out += _bullets(item, depth + 1)
    for column in data.get("columns", []):
        out.append(f"- {column['heading']}")
        out += _bullets(column, 1)
    for event in data.get("events", []):
        out.append(f"- {event['when']}: {event['label']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each small case")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the 1000-slide case")
    parser.add_argument("--no-big", action="store_true", help="skip the 1000-slide case")
    parser.add_argument("--no-pool", action="store_true", help="skip serial-vs-pool cases")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve cases")
    parser.add_argument("--only-serve", action="store_true", help="only the serve cases")
    parser.add_argument("--only-talk", action="store_true", help="only the talk's cases")
    parser.add_argument(
        "--write",
        action="store_true",
        help="also write the table into bench/RESULTS.md and README's Performance section",
    )
    options = parser.parse_args(argv := sys.argv[1:])
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="deckgen-bench-") as tmp:
        work = Path(tmp)
        cases = [] if options.only_serve else talk_cases(work, options.runs)
        if not (options.no_serve or options.only_talk):
            cases += serve_cases(work, options.runs)
        if not (options.only_serve or options.only_talk):
            cases += synthetic_cases(work, 250, options.runs, None)
            if not options.no_big:
                cases += synthetic_cases(work, 1000, options.big_runs, (22.0, 2.0))
            pandoc = pandoc_case(work, options.runs)
            if pandoc is not None:
                warm = next(case for case in cases if case.name == TALK_EDIT)
                pandoc.note = f"deckgen's edit rebuild is {warm.median / pandoc.median:.2f}x this"
                cases.append(pandoc)
            if not options.no_pool:
                cases += pool_cases(work, options.runs)
    machine = (
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load average {load:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end; pandoc "
        f"{'installed' if shutil.which('pandoc') else 'not installed'}"
    )
    command = " ".join(["python bench/run.py", *argv])
    table = results_block(cases, machine, command)
    print(table)
    if options.write:
        write_between(ROOT / "bench" / "RESULTS.md", RESULTS_MARKS, table)
        write_between(ROOT / "README.md", README_MARKS, readme_block(cases, machine, command))
        print("Wrote bench/RESULTS.md and README.md's Performance table.")


TALK_COLD = "the talk, nothing cached (new process)"
NAIVE = "the talk by a naive python-pptx + matplotlib script (`bench/naive.py`, PNG at 200 dpi)"
TALK_EDIT = "the talk after a one-word edit, figures cached (new process)"
IMPORT_PPTX = '`python -c "import pptx"` (reference)'
WATCH = "watch mode, one-word edit to .pptx written"
README_CASES = (
    TALK_COLD,
    TALK_EDIT,
    WATCH,
    "1000 slides / 200 figures, cold (empty cache)",
    "1000 slides / 200 figures, one slide edited (figures cached)",
)
"""The cases the README shows, when the run had them."""
RESULTS_MARKS = ("<!-- bench:results -->", "<!-- /bench:results -->")
README_MARKS = ("<!-- bench:readme -->", "<!-- /bench:readme -->")
HEADER = "| case | median s | range s | runs | peak MB | target | met | note |"


def results_block(cases: list[Case], machine: str, command: str) -> str:
    """Return the Markdown the run produced: when, how, on what machine, and every case."""
    rows = "\n".join(case.row() for case in cases)
    return (
        f"Produced on {time.strftime('%Y-%m-%d')} by `{command}`.\n\n"
        f"Machine: {machine}.\n\n{HEADER}\n|---|---:|---:|---:|---:|---|---|---|\n{rows}"
    )


def readme_block(cases: list[Case], machine: str, command: str) -> str:
    """Return the README's table: its cases' rows as bench/RESULTS.md has them."""
    shown = [case for name in README_CASES for case in cases if case.name == name]
    rows = "\n".join(case.row() for case in shown)
    return (
        f"Measured on {time.strftime('%Y-%m-%d')} by `{command}` (every case, method and "
        f"analysis: [bench/RESULTS.md](bench/RESULTS.md)).\n\n"
        f"Machine: {machine}.\n\n{HEADER}\n|---|---:|---:|---:|---:|---|---|---|\n{rows}"
    )


def write_between(path: Path, marks: tuple[str, str], block: str) -> None:
    """Replace what stands between `marks` in `path` with `block`."""
    text = path.read_text(encoding="utf-8")
    head, found, rest = text.partition(marks[0])
    _old, found_end, tail = rest.partition(marks[1])
    if not (found and found_end):
        raise SystemExit(f"{path}: the marks {marks[0]} ... {marks[1]} are missing")
    path.write_text(f"{head}{marks[0]}\n{block}\n{marks[1]}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
