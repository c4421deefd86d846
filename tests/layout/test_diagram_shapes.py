"""Diagrams laid out as shapes (`render: native`): every text fits its band or card, whole
words on each line, readable sizes and colours."""

from __future__ import annotations

import pytest

from deckgen.colors import BODY_CONTRAST, contrast, luminance_shift
from deckgen.commands.build import prepare
from deckgen.layout import checks
from deckgen.layout.shapes import FillShape, GroupShape, TextShape
from helpers import write_deck

LONG = "아주 긴 설명이 여기에 들어가서 두 줄이나 세 줄을 차지하는 경우"
ITEMS = {
    "talk": [
        ("모델", "AI 서비스의 핵심, 운영체제 같은 역할", "ChatGPT, Claude, Gemini"),
        ("애플리케이션", "모델을 활용한 B2C 서비스", "GitHub Copilot, weights.gg"),
        ("엔터프라이즈 AI", "기업을 위한 B2B 솔루션", "Salesforce, SnowFlake, Scale AI"),
        ("AI 인프라", "모델을 돌리는 하드웨어와 클라우드", "NVIDIA, AWS, GCP, Azure"),
        ("기타 산업", "아직 핵심이라 부르기 어려운 산업군", "SMR, 로봇, 양자컴퓨터, NPU"),
    ],
    "two": [("Collect", "Gather the data", "CSV"), ("Decide", "Act on it", "")],
    "steps": [
        (
            "1단계 · 도구 대체",
            "생산성 SW를 새 도구로",
            '"Office → Canva, Slack", "CRM → Salesforce"',
        ),
        ("2단계 · 인력 대체", "AI와 협업해 일손을 줄임", '"생산성 30-100% 향상"'),
        ("3단계 · 완전 대체", "기존 SW와 인건비를 AI가 대신", '"외주 서비스까지 AI로"'),
    ],
    "eight": [(f"Stage {i}", LONG[: 10 + i], f"x{i}, y{i}") for i in range(8)],
}


def deck(kind: str, items, size: str, beside: bool, highlight: str | None) -> str:
    rows = "".join(
        f'            - {{name: "{n}", text: "{t}"' + (f", examples: [{e}]" if e else "") + "}\n"
        for n, t, e in items
    )
    mark = f'          highlight: "{highlight}"\n' if highlight else ""
    bullets = "        bullets: [하나, 둘]\n" if beside else ""
    return (
        f'title: T\nlang: ko-KR\ntheme: {{size: "{size}"}}\nsections:\n  - title: S\n'
        "    slides:\n      - type: diagram\n        title: D\n        diagram:\n"
        f"          kind: {kind}\n          render: native\n{mark}          items:\n{rows}"
        f"{bullets}"
    )


CASES = [
    pytest.param(kind, items, size, beside, highlight, id=f"{kind}-{name}-{size}-{tag}")
    for kind in ("layers", "steps")
    for name, items in ITEMS.items()
    # Steps are a few stages: five cards of long Korean words, or eight, do not fit readably.
    if (kind == "steps") == (name in ("steps", "two"))
    for size in ("16:9", "4:3")
    for beside, highlight, tag in ((False, None, "alone"), (True, items[1][0], "navigator"))
    # Three cards in 60% of a 4:3 slide: "Office → Canva," is one unbreakable 1.1 in (warned).
    if not (kind == "steps" and name == "steps" and size == "4:3" and beside)
]


def group_of(tmp_path, text) -> tuple[GroupShape, list]:
    prepared = prepare(write_deck(tmp_path, text))
    plan = next(p for p in prepared.laid.plans if any(isinstance(s, GroupShape) for s in p.shapes))
    group = next(s for s in plan.shapes if isinstance(s, GroupShape))
    return group, checks.fit_findings(prepared.laid)


@pytest.mark.parametrize(("kind", "items", "size", "beside", "highlight"), CASES)
def test_every_text_fits_its_shape_in_whole_words(tmp_path, kind, items, size, beside, highlight):
    group, findings = group_of(tmp_path, deck(kind, items, size, beside, highlight))
    assert findings == []
    texts = group.texts
    assert len(texts) >= len(items)
    fills = [p for p in group.parts if isinstance(p, FillShape) and p.name.count(" ") == 1]
    for text in texts:
        assert text.fits and text.split_word() is None
        assert min(p.size for p in text.paras) >= 12
        # Inside the band or card it belongs to, within the group's box.
        owner = next(
            f
            for f in fills
            if f.box.top <= text.box.top + 1e-6 <= f.box.bottom
            and f.box.left <= text.box.left + 1e-6 <= f.box.right
        )
        assert text.box.right <= owner.box.right + 1e-6
        assert text.used_height() <= text.box.height + 1e-6
        assert text.box.bottom <= owner.box.bottom + 1e-6
    assert all(p.box.right <= group.box.right + 1e-6 for p in group.parts)


@pytest.mark.parametrize("highlight", [None, "애플리케이션"], ids=["ramp", "highlight"])
@pytest.mark.parametrize("kind", ["layers", "steps"])
def test_text_reads_on_its_fill(tmp_path, kind, highlight):
    group, _ = group_of(tmp_path, deck(kind, ITEMS["talk"], "16:9", False, highlight))
    colors = {
        "primary": "#1F3A5F",
        "accent": "#E4572E",
        "text": "#1F2933",
        "background": "#FFFFFF",
        "muted": "#6B7785",
    }
    owner = None
    for part in group.parts:
        if isinstance(part, FillShape) and part.name.count(" ") == 1:
            tone = part.tone
            owner = luminance_shift(colors[tone.color], tone.mod, tone.off, tone.sat)
        elif isinstance(part, TextShape):
            ink = colors[part.paras[0].color]
            assert contrast(ink, owner) >= BODY_CONTRAST, (part.one_line(), ink, owner)


def test_a_diagram_too_full_for_its_cards_is_a_warning_at_its_items(tmp_path):
    items = [(f"Stage {i} " + "긴이름" * 3, LONG * 2, "") for i in range(8)]
    _group, findings = group_of(tmp_path, deck("steps", items, "4:3", True, None))
    assert findings
    assert all(path[:5] == ("sections", 0, "slides", 0, "diagram") for path, _ in findings)
