"""Shared helpers for the tests: write decks, build them, reopen the result."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.shapes.picture import Picture
from pptx.util import Emu, Inches

from deckgen.cli import main
from deckgen.outline.model import DiagramItem
from package_check import assert_sound
from pptx import Presentation

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def require(ok: bool, reason: str) -> None:
    """Skip the test unless `ok`; under CI (CI=true), where everything must run, fail it."""
    if ok:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run this test, but it {reason}")
    pytest.skip(reason)


def write_deck(folder: Path, text: str, name: str = "deck.yaml") -> Path:
    """Return the path of a deck file holding `text` (dedented) in `folder`."""
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run(*args: str) -> Result:
    """Return the result of running the CLI with `args`."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_python(
    *args: str, cwd: Path | None = None, timeout: float = 180, **env: str
) -> subprocess.CompletedProcess:
    """Return what `python ARGS` did in a process of its own, with `env` added to os.environ."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build(deck: Path, *extra: str) -> Presentation:
    """Build `deck` with the CLI (asserting success) and return the reopened presentation."""
    out = deck.parent / "out" / "deck.pptx"
    result = run("build", str(deck), "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    assert_sound(out)  # every deck a test builds: a sound package, openxml-audit's 0 errors
    return Presentation(str(out))


def assert_on_slide(prs: Presentation) -> None:
    """Assert that every shape of every slide of `prs` has a size and lies on its slide."""
    width, height = prs.slide_width, prs.slide_height
    wrong = [
        (number, shape.name, shape.left, shape.top, shape.width, shape.height)
        for number, slide in enumerate(prs.slides, start=1)
        for shape in slide.shapes
        if not (
            shape.width > 0
            and shape.height > 0
            and 0 <= shape.left <= shape.left + shape.width <= width
            and 0 <= shape.top <= shape.top + shape.height <= height
        )
    ]
    assert wrong == [], f"shapes without a size or off the slide: {wrong}"


def slide_texts(slide) -> list[str]:
    """Return the text of every text frame on `slide`, in shape order."""
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


EVERY_TYPE = """
title: 모든 슬라이드 **종류**
subtitle: A test deck
author: 테스터
date: 2025-01-15
lang: ko-KR
closing: 감사합니다
sections:
  - title: 글
    slides:
      - type: bullets
        id: first
        title: 글머리표
        bullets:
          - 첫째 **굵게**
          - text: 둘째
            bullets:
              - 하위 항목
              - text: 더 하위
                bullets: [가장 하위]
        notes: 발표자 노트입니다.
        source: 출처 표기
      - type: quote
        quote: 특이점 근방
        by: 샘 알트먼
      - type: statement
        text: ==2025-26년==이 변곡점
      - type: stat
        value: 1,500억 달러
        label: 빅테크 AI 투자
        detail: 2024년
      - type: columns
        title: 열
        columns:
          - {heading: 웹, bullets: [Google, Amazon]}
          - {heading: 모바일, bullets: [Instagram]}
      - type: timeline
        title: 연표
        events:
          - {when: "1994-95", label: WWW}
          - {when: 2010, label: 아이폰, detail: 4G}
  - title: 그림
    slides:
      - type: chart
        id: growth
        title: 막대 차트
        chart:
          kind: bar
          categories: [2023, 2024]
          series:
            - {name: 매출, values: [2000, 6000]}
            - {name: 비용, values: [-500, 1500.5]}
          unit: 억 달러
          labels: true
        caption: 단위 억 달러
      - type: chart
        title: 가로 막대
        chart:
          kind: barh
          categories: [GPT-4, Gemini]
          series: [{name: 토큰, values: [32000, 1000000]}]
          unit: " 토큰"
          labels: true
        bullets: [로그 축, "**100만** 토큰"]
      - type: chart
        title: 누적
        chart:
          kind: stacked
          categories: [A, B, C]
          series:
            - {name: 하나, values: [1, 2, 3]}
            - {name: 둘, values: [3, 2, 1]}
          unit: "%"
          labels: true
      - type: chart
        title: 선
        chart:
          kind: line
          categories: [1월, 2월, 3월]
          series: [{name: 비율, values: [0.1, 0.5, 0.25]}]
          log: true
          labels: true
      - type: diagram
        id: layers
        title: 계층
        diagram:
          kind: layers
          items:
            - {name: 모델, text: 핵심, examples: [ChatGPT, Claude]}
            - {name: 인프라, text: 하드웨어, examples: [NVIDIA]}
      - type: diagram
        title: 단계
        diagram:
          kind: steps
          items:
            - {name: 1단계, text: 도구 대체}
            - {name: 2단계, text: 인력 대체}
            - {name: 3단계, text: 완전 대체}
      - type: image
        title: 그림 파일
        image: assets/pic.png
        caption: 작은 그림
      - type: table
        title: 표
        table:
          columns: [구분, 값, 비고]
          rows:
            - [도입 비용, 1500, "**유리**"]
            - [운영 비용, 20.5, 보통]
          highlight: {row: 1}
      - type: bullets
        title: 숨김
        hidden: true
        bullets: [보이지 않음]
  - title: 모두 숨김
    slides:
      - type: statement
        text: 숨김
        hidden: true
"""


def every_type_deck(folder: Path) -> Path:
    """Return a deck using every slide type, with the image it needs."""
    from PIL import Image

    (folder / "assets").mkdir(exist_ok=True)
    Image.new("RGB", (320, 200), "#3366AA").save(folder / "assets" / "pic.png")
    return write_deck(folder, EVERY_TYPE)


# --- company templates ---------------------------------------------------------------------------

LAYOUT_NAMES = {
    "Title Slide": "Acme Cover",
    "Section Header": "Acme Divider",
    "Title Only": "Acme Headline",
}
ACCENT1, ACCENT2, DARK1 = "0B6E4F", "F2A541", "202020"
TEMPLATE_TEXT = "ACME CONFIDENTIAL SAMPLE"


def make_template(path: Path, *, width: float = 10, height: float = 5.625) -> Path:
    """Write a company-like template: renamed layouts, own colours and font, one sample slide."""
    prs = Presentation()
    sx, sy = Inches(width) / prs.slide_width, Inches(height) / prs.slide_height
    prs.slide_width, prs.slide_height = Inches(width), Inches(height)
    for owner in [prs.slide_master, *prs.slide_layouts]:  # as a designer lays out the new size
        for shape in owner.shapes:
            if shape._element.xpath("./p:spPr/a:xfrm"):  # own position, not inherited
                shape.left, shape.width = Emu(int(shape.left * sx)), Emu(int(shape.width * sx))
                shape.top, shape.height = Emu(int(shape.top * sy)), Emu(int(shape.height * sy))
    for layout in prs.slide_layouts:
        layout.name = LAYOUT_NAMES.get(layout.name, layout.name)
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode()
    for slot, value in (("accent1", ACCENT1), ("accent2", ACCENT2), ("dk1", DARK1)):
        xml = re.sub(
            rf"(<a:{slot}>).*?(</a:{slot}>)", rf'\1<a:srgbClr val="{value}"/>\2', xml, flags=re.S
        )
    xml = re.sub(r'(<a:minorFont>\s*<a:latin typeface=")[^"]*', r"\1Georgia", xml)
    theme._blob = xml.encode()
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.title.text = TEMPLATE_TEXT
    sample.notes_slide.notes_text_frame.text = TEMPLATE_TEXT
    buffer = io.BytesIO()
    prs.save(buffer)
    # PowerPoint lists the slides' titles and the company in the file's properties.
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = data.replace(
                    b"<Company></Company>", f"<Company>{TEMPLATE_TEXT}</Company>".encode()
                )
            target.writestr(info, data)
    return path


def as_potx(pptx: Path, potx: Path) -> Path:
    """Write `pptx` as PowerPoint saves a template: the main part's content type says so."""
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"presentationml.presentation.main", b"presentationml.template.main"
                )
            target.writestr(info, data)
    return potx


def template_deck(folder: Path, theme: str = "", template: str = "company.pptx") -> Path:
    """Return the every-type deck set on `template`, with extra theme lines."""
    deck = every_type_deck(folder)
    lines = f"theme:\n  template: {template}\n" + "".join(
        f"  {line}\n" for line in theme.splitlines() if line
    )
    deck.write_text(
        deck.read_text(encoding="utf-8").replace("lang: ko-KR\n", f"lang: ko-KR\n{lines}", 1),
        encoding="utf-8",
    )
    return deck


def is_picture(shape) -> bool:
    """Return whether `shape` is a picture: one of its own, or one filling a placeholder."""
    return isinstance(shape, Picture)


FAKE_BRIDGE = """
import json, os, sys, time
from pathlib import Path

here = Path(__file__).parent
with open(here / "bridge.pids", "a") as pids:
    pids.write(f"{os.getpid()}\\n")
mode = (here / "mode").read_text().strip()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if mode == "hang" or (mode == "hang-once" and not (here / "hung").exists()):
        (here / "hung").touch()
        time.sleep(3600)
    from PIL import Image

    for job in request["exports"]:
        count = 0
        for span in job["pages"].split(","):
            first, _, last = span.partition("-")
            count += int(last or first) - int(first) + 1
        pages = [Image.new("RGB", (320, 180), "white") for _ in range(count)]
        pages[0].save(job["pdf"], save_all=True, append_images=pages[1:])
        print(json.dumps({"id": request["id"], "pdf": job["pdf"]}), flush=True)
    print(json.dumps({"id": request["id"], "done": True}), flush=True)
# The end of the input: end the office, as the real bridge does.
os.kill(int((here / "soffice.pids").read_text().split()[-1]), 15)
"""


class FakeOffice:
    """A stand-in for LibreOffice and its Python, in `folder`: `soffice` on PATH waits (as a
    LibreOffice listening on its pipe does), and the Python that "has uno" runs a bridge that
    answers with blank pages, or hangs (`mode`: "works", "hang", or "hang-once": the first
    request only). Each notes its process id, to check that deckgen ended it."""

    def __init__(self, folder: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        (folder / "mode").write_text(mode, encoding="ascii")
        (folder / "bridge.py").write_text(FAKE_BRIDGE, encoding="utf-8")
        soffice = folder / "soffice"
        soffice.write_text(f'#!/bin/sh\necho $$ >> "{folder}/soffice.pids"\nexec sleep 3600\n')
        python = folder / "python-with-uno"
        python.write_text(
            "#!/bin/sh\n"
            'if [ "$1" = "-c" ]; then exit 0; fi\n'  # `import uno`: it can
            f'shift\nexec "{sys.executable}" "{folder}/bridge.py" "$@"\n'
        )
        for script in (soffice, python):
            script.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        monkeypatch.setenv("DECKGEN_UNO_PYTHON", str(python))

    def pids(self, name: str) -> list[int]:
        """Return the process ids the fake `name` ("soffice" or "bridge") noted, in order."""
        path = self.folder / f"{name}.pids"
        return [int(n) for n in path.read_text().split()] if path.exists() else []


def running(pid: int) -> bool:
    """Return whether process `pid` runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def shown_texts(pptx: Path) -> list[list[str]]:
    """Return each slide's texts (white space collapsed) and its notes, as a reader sees them."""
    found = []
    for slide in Presentation(str(pptx)).slides:
        texts = []
        for shape in slide.shapes:
            if (
                shape.is_placeholder
                and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
            ):
                continue  # a field each office fills in its own way
            if shape.has_text_frame and shape.text_frame.text.strip():
                texts.append(" ".join(shape.text_frame.text.split()))
            elif getattr(shape, "has_table", False) and shape.has_table:
                texts.append(
                    " | ".join(cell.text for row in shape.table.rows for cell in row.cells)
                )
        if slide.has_notes_slide:
            texts.append(" ".join(slide.notes_slide.notes_text_frame.text.split()))
        found.append(texts)
    return found


ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DECKS = ["talk-16:9", "talk-4:3", "starter-16:9", "starter-4:3"]
"""The decks a user sees first, at both sizes: the talk (the repository's deck.yaml) and the
starter `deckgen init` writes."""


def sample_deck(folder: Path, name: str, size: str) -> Path:
    """Return the deck.yaml of the talk (a copy) or of the starter (`deckgen init`) written
    in `folder`, set at `size` ("16:9" or "4:3") as a user would: neither sets a theme."""
    deck = folder / "deck.yaml"
    if name == "talk":
        deck.write_text((ROOT / "deck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    else:
        assert run("init", str(folder)).exit_code == 0
    if size != "16:9":
        text = deck.read_text(encoding="utf-8")
        deck.write_text(text + f'\ntheme: {{size: "{size}"}}\n', encoding="utf-8")
    return deck


TALK_LAYERS = [
    DiagramItem(
        name="모델",
        text="AI 서비스의 핵심, 운영체제 같은 역할",
        examples=["ChatGPT", "Claude", "Gemini"],
    ),
    DiagramItem(
        name="애플리케이션",
        text="모델을 활용한 B2C 서비스",
        examples=["GitHub Copilot", "weights.gg"],
    ),
    DiagramItem(
        name="엔터프라이즈 AI",
        text="기업을 위한 B2B 솔루션",
        examples=["Salesforce", "Snowflake", "Scale AI"],
    ),
    DiagramItem(
        name="AI 인프라",
        text="모델을 돌리는 하드웨어와 클라우드",
        examples=["NVIDIA", "AWS", "GCP", "Azure"],
    ),
    DiagramItem(
        name="기타 산업",
        text="아직 핵심이라 부르기 어려운 산업군",
        examples=["SMR", "로봇", "양자컴퓨팅", "NPU"],
    ),
]
"""The talk's five layers, as its deck.yaml lists them."""
