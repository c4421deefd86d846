"""Diagrams: every text reads on its fill (WCAG 4.5:1), none faded; a highlight marks one item."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from deckgen.colors import BODY_CONTRAST, channels, contrast
from deckgen.figures import draw
from deckgen.figures.spec import FigureSpec
from deckgen.figures.style import readable
from deckgen.outline.model import Colors, Diagram, DiagramItem, Theme

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

    items = ITEMS if kind == "layers" else ITEMS[:3]
    spec = FigureSpec(
        Diagram(kind=kind, items=items, highlight=highlight), THEMES[theme], 11.8, 4.8
    )
    draw._load_fonts()
    with style.context(["default", draw.STYLE]):
        figure = draw._figure(spec)
        figure.draw_without_rendering()
    ax = figure.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    assert len(texts) >= 3 * len(items) - (2 if kind == "steps" else 0)
    for text in texts:
        assert text.get_alpha() in (None, 1), text.get_text()
        box = text.get_window_extent()
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        fill = next(p for p in ax.patches if p.get_window_extent().contains(*centre))
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
    else:
        card = (9.0 - 0.1 - 0.55 * 2) / 3
        points = [(round((0.05 + i * (card + 0.55) + card - 0.2) * 100), 420) for i in range(3)]
    colours = [image.getpixel(p) for p in points]
    assert [c == accent for c in colours] == [False, True, False]
    assert colours[0] == colours[2]
    muted = "#{:02X}{:02X}{:02X}".format(*colours[0])
    assert contrast(muted, theme.colors.background) < 1.5
