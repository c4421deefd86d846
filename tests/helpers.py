"""Shared helpers for the tests: write decks, build them, reopen the result."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result
from pptx import Presentation

from deckgen.cli import main

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


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
    return Presentation(str(out))


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
          log: true
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
