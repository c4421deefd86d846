"""The first user's talk, "AI 2025 트렌드": complete, in order, with notes, without warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deckgen.commands import build
from helpers import run
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]

SECTIONS = [
    "AI 시대의 대전환",
    "2024년, AI의 현재 위치",
    "2025-26년, AI 산업의 운명이 걸린 시기",
    "AI 산업의 5가지 핵심 계층",
    "모델 계층, 현주소와 미래 과제",
    "애플리케이션 계층, AI의 실전 무대",
    "엔터프라이즈 AI, 디지털 혁신의 핵심 동력",
    "AI 인프라 계층, 혁신의 기반",
    "AI 관련 신흥 산업, 미래를 여는 열쇠",
    "마무리",
]


@pytest.fixture(scope="module")
def talk(tmp_path_factory) -> tuple[Path, build.Prepared]:
    folder = tmp_path_factory.mktemp("talk")
    shutil.copy(ROOT / "deck.yaml", folder / "deck.yaml")
    return folder / "deck.yaml", build.prepare(folder / "deck.yaml")


def test_sections_follow_the_source(talk):
    _, prepared = talk
    assert [s.title for s in prepared.outline.deck.sections] == SECTIONS


def test_every_content_slide_has_notes(talk):
    _, prepared = talk
    content = [p for p in prepared.laid.plans if p.content]
    assert len(content) >= 30
    assert [p.source for p in content if len(p.notes) < 40] == []


def test_the_talk_has_its_figures(talk):
    _, prepared = talk
    kinds = [
        type(ref.slide.chart if hasattr(ref.slide, "chart") else ref.slide.diagram).__name__
        + ":"
        + (ref.slide.chart.kind if hasattr(ref.slide, "chart") else ref.slide.diagram.kind)
        for ref in prepared.laid.figures
    ]
    assert "Diagram:layers" in kinds and "Diagram:steps" in kinds
    assert sum(k.startswith("Chart:") for k in kinds) >= 3


def test_check_passes_strictly(talk):
    deck, _ = talk
    result = run("check", "--strict", str(deck))
    assert result.exit_code == 0, result.stderr
    assert "0 warnings" in result.stdout
    assert "min  in all" in result.stdout


def test_check_passes_strictly_at_4_3_too(tmp_path):
    # The chart measure took the founding-rounds labels (46% of the width, drawn well) for
    # overlapping at 4:3.
    text = (ROOT / "deck.yaml").read_text(encoding="utf-8")
    assert "\ntheme:" not in text  # the talk sets no theme: give it one of 4:3
    (tmp_path / "deck.yaml").write_text('theme: {size: "4:3"}\n' + text, encoding="utf-8")
    result = run("check", "--strict", str(tmp_path / "deck.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "0 warnings" in result.stdout


@pytest.mark.slow
def test_built_deck_has_notes_on_every_content_slide(talk, tmp_path):
    deck, prepared = talk
    out = tmp_path / "talk.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    prs = Presentation(str(out))
    assert len(prs.slides) == len(prepared.laid.plans)
    for slide, plan in zip(prs.slides, prepared.laid.plans, strict=True):
        if plan.content:
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
