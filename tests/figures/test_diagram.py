"""Diagrams: every text reads on its fill (WCAG 4.5:1), none faded; a highlight marks one item."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from deckgen.colors import BODY_CONTRAST, channels, contrast
from deckgen.figures import draw
from deckgen.figures.draw import diagram
from deckgen.figures.spec import FigureSpec
from deckgen.figures.style import readable
from deckgen.outline.model import Colors, Diagram, DiagramItem, Theme
from helpers import TALK_LAYERS

ITEMS = [
    DiagramItem(name="모델", text="AI 서비스의 핵심", examples=["ChatGPT", "Claude"]),
    DiagramItem(name="애플리케이션", text="B2C 서비스", examples=["Copilot"]),
    DiagramItem(name="엔터프라이즈 AI", text="B2B 솔루션", examples=["Salesforce"]),
    DiagramItem(name="AI 인프라", text="하드웨어와 클라우드", examples=["NVIDIA", "AWS"]),
    DiagramItem(name="기타 산업", text="아직 핵심이 아닌 산업", examples=["SMR", "로봇"]),
]
THEMES = {
    "default": Theme(),
    "light-primary": Theme(colors=Colors(primary="#5DA9E9", accent="#F2A541")),
}


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])


@pytest.mark.parametrize("kind", ["layers", "steps"])
@pytest.mark.parametrize("highlight", [None, "엔터프라이즈 AI"], ids=["ramp", "highlight"])
@pytest.mark.parametrize("theme", list(THEMES))
def test_every_diagram_text_reads_on_its_fill(kind, highlight, theme):
    from matplotlib import style
    from matplotlib.patches import Patch

    items = ITEMS if kind == "layers" else ITEMS[:3]
    spec = FigureSpec(
        Diagram(kind=kind, items=items, highlight=highlight), THEMES[theme], 11.8, 4.8
    )
    draw._load_fonts()
    with style.context(["default", draw.STYLE]):
        figure = draw._figure(spec)
        figure.draw_without_rendering()
    texts = [t for t in figure.texts if t.get_text()]
    patches = [a for a in figure.artists if isinstance(a, Patch)]
    assert len(texts) >= 3 * len(items) - (2 if kind == "steps" else 0)
    for text in texts:
        assert text.get_alpha() in (None, 1), text.get_text()
        box = text.get_window_extent()
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        fill = next(p for p in patches if p.get_window_extent().contains(*centre))
        ratio = contrast(
            _hex(text.get_color()) if not isinstance(text.get_color(), str) else text.get_color(),
            _hex(fill.get_facecolor()),
        )
        assert ratio >= BODY_CONTRAST, (text.get_text(), ratio)


@pytest.mark.parametrize("kind", ["layers", "steps"])
def test_the_highlighted_item_alone_takes_the_accent(kind):
    theme = Theme()
    items = ITEMS[:3]
    spec = FigureSpec(Diagram(kind=kind, items=items, highlight="애플리케이션"), theme, 9.0, 4.5)
    image = Image.open(io.BytesIO(draw.render(spec, "png", 100))).convert("RGB")
    accent = channels(readable(theme.colors.accent, theme.colors.text)[0])
    # A point in each item clear of its text: the right end of a band, the bottom of a card.
    if kind == "layers":
        band = (4.5 - 0.12 * 2) / 3
        points = [(880, round((i * (band + 0.12) + band * 0.15) * 100)) for i in range(3)]
    else:  # the cards are as tall as their text: just above the bottom edge of each
        card = (9.0 - 0.1 - 0.55 * 2) / 3
        xs = [round((0.05 + i * (card + 0.55) + card - 0.2) * 100) for i in range(3)]
        background = channels(theme.colors.background)
        points = [
            (x, next(y for y in range(449, 0, -1) if image.getpixel((x, y)) != background) - 8)
            for x in xs
        ]
    colours = [image.getpixel(p) for p in points]
    assert [c == accent for c in colours] == [False, True, False]
    assert colours[0] == colours[2]
    muted = "#{:02X}{:02X}{:02X}".format(*colours[0])
    assert contrast(muted, theme.colors.background) < 1.5


STEPS = {
    "talk": [
        DiagramItem(
            name="1단계 · 도구 대체",
            text="생산성 SW를 새 도구로",
            examples=["Office → Canva, Slack", "CRM → Salesforce"],
        ),
        DiagramItem(
            name="2단계 · 인력 대체",
            text="AI와 협업해 일손을 줄임",
            examples=["생산성 30-100% 향상"],
        ),
        DiagramItem(
            name="3단계 · 완전 대체",
            text="기존 SW와 인건비를 AI가 대신",
            examples=["외주 서비스까지 AI로"],
        ),
    ],
    "starter": [
        DiagramItem(name="Collect", text="Gather the data"),
        DiagramItem(name="Analyse", text="Find the pattern"),
        DiagramItem(name="Decide", text="Act on it"),
    ],
    "five": [
        DiagramItem(
            name=f"{i}단계", text="데이터를 모아 정리", examples=["A → B", "CRM → Salesforce"]
        )
        for i in range(1, 6)
    ],
}
SIZES = {"16:9": (11.83, 4.7), "4:3": (8.8, 4.7)}


def _drawn_steps(items, size):
    """Return the drawn figure's card boxes and its texts (each: text, box), in inches from the
    top left."""
    from matplotlib import style
    from matplotlib.patches import FancyBboxPatch

    width, height = SIZES[size]
    spec = FigureSpec(Diagram(kind="steps", items=items), Theme(), width, height)
    draw._load_fonts()
    with style.context(["default", draw.STYLE]):
        figure = draw._figure(spec)
        figure.draw_without_rendering()
    dpi = figure.dpi

    def inches(extent):
        return (
            extent.x0 / dpi,
            height - extent.y1 / dpi,
            extent.x1 / dpi,
            height - extent.y0 / dpi,
        )

    cards = [inches(p.get_window_extent()) for p in figure.artists if isinstance(p, FancyBboxPatch)]
    texts = [(t.get_text(), inches(t.get_window_extent())) for t in figure.texts if t.get_text()]
    return cards, texts


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("items", list(STEPS))
def test_step_cards_are_as_tall_as_their_fullest_text(items, size):
    cards, texts = _drawn_steps(STEPS[items], size)
    assert len(cards) == len(STEPS[items])
    assert len({round(bottom - top, 3) for _l, top, _r, bottom in cards}) == 1  # one height
    gaps = []
    for left, top, right, bottom in cards:
        inside = [box for _t, box in texts if left <= box[0] and box[2] <= right + 0.01]
        assert inside
        gaps.append((min(b[1] for b in inside) - top, bottom - max(b[3] for b in inside)))
    # The fullest card's text has as much room below it as above: no empty band.
    above, below = min(gaps, key=lambda gap: gap[1])
    assert below == pytest.approx(above, abs=0.12)
    assert cards[0][3] - cards[0][1] < SIZES[size][1] * 0.8


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("items", list(STEPS))
def test_an_arrow_stays_on_the_line_of_its_target(items, size):
    _cards, texts = _drawn_steps(STEPS[items], size)
    lines = [text.replace("\u00a0", " ") for text, _box in texts]
    assert not [line for line in lines if line.endswith("→") or line.startswith("→")]
    if items != "starter":
        assert "CRM → Salesforce" in lines


@pytest.mark.parametrize("size", list(SIZES))
def test_step_cards_set_their_names_on_one_baseline(size):
    from matplotlib import style

    spec = FigureSpec(Diagram(kind="steps", items=STEPS["starter"]), Theme(), *SIZES[size])
    draw._load_fonts()
    with style.context(["default", draw.STYLE]):
        texts = draw._figure(spec).texts
    # Set by their baselines, not by the tops of their boxes (a box grows with descenders, and
    # "Analyse" sat higher than "Collect").
    names = [t for t in texts if t.get_text() in ("Collect", "Analyse", "Decide")]
    assert {t.get_verticalalignment() for t in names} == {"baseline"}
    assert len({round(t.get_position()[1], 6) for t in names}) == 1


def test_a_step_description_breaks_into_balanced_lines():
    _cards, texts = _drawn_steps(STEPS["talk"], "16:9")
    lines = [text for text, _box in texts]
    assert "기존 SW와" in lines and "인건비를 AI가 대신" in lines


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        pytest.param("CRM → Salesforce", "CRM\u00a0→\u00a0Salesforce", id="spaced"),
        pytest.param("A->B", "A->B", id="unspaced"),
        pytest.param("x -> y, z", "x\u00a0->\u00a0y, z", id="ascii"),
    ],
)
def test_bind_arrows(text, bound):
    assert diagram.bind_arrows(text) == bound


@pytest.mark.parametrize(
    ("width", "columns"),
    [(5.07, 2), (6.89, 3), (11.83, 3)],
    ids=["navigator-4:3", "navigator-16:9", "whole-slide"],
)
def test_a_layers_diagram_shares_its_width_so_every_column_reads(width, columns):
    # The talk's layer navigator beside its bullets: at fixed shares its examples were set in
    # 8.6 pt at 4:3 and 13.1 pt at 16:9; shared by need, every column reads at 14 pt or more,
    # and at 4:3, where three columns would not, the navigator sets its names and examples.
    from matplotlib import style

    spec = FigureSpec(
        Diagram(kind="layers", items=TALK_LAYERS, highlight="모델"), Theme(), width, 4.7
    )
    draw._load_fonts()
    with style.context(["default", draw.STYLE]):
        figure = draw._figure(spec)
        figure.draw_without_rendering()
    texts = [t for t in figure.texts if t.get_text()]
    assert len(texts) == columns * len(TALK_LAYERS)
    assert min(t.get_fontsize() for t in texts) >= 14
    boxes = [t.get_window_extent() for t in texts]
    for i, first in enumerate(boxes):  # and no column runs into the next
        for second in boxes[i + 1 :]:
            assert not first.overlaps(second), (texts[i].get_text(), boxes.index(second))
