"""Build a deck.yaml the straightforward way: python-pptx for slides, matplotlib for figures.

    python bench/naive.py deck.yaml out.pptx

The comparison for deckgen's cold build (`bench/run.py`): what a user would write by hand for
the same talk, in one process. It reads the same deck, makes every slide deckgen makes (title,
section dividers, statements, quotes, stats, bullets, columns, timelines, tables, charts and
diagrams with their bullets beside, speaker notes, the closing slide), draws each chart and
diagram with matplotlib at deckgen's picture sizes as a PNG at 200 dpi (`savefig`, with the
bundled Korean font registered, as a Korean deck needs) and saves the .pptx. It does none of
deckgen's checking, fitting or caching: the floor a hand-written script would stand on.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import matplotlib
import yaml

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.patches import FancyBboxPatch
from pptx.util import Inches, Pt

from pptx import Presentation

FONTS = Path(__file__).resolve().parent.parent / "src" / "deckgen" / "fonts"
DPI = 200
NARROW, WIDE = (6.89, 4.7), (11.83, 4.7)
"""deckgen's picture sizes in the talk, in inches: beside bullets, and alone."""
TITLE, TITLE_ONLY, SECTION, BLANK = 0, 5, 2, 6
"""Layouts of python-pptx's default template."""


def plain(text: object) -> str:
    """Return `text` without the deck's emphasis marks."""
    return re.sub(r"\*\*|==|__", "", str(text))


def chart_png(chart: dict, size: tuple[float, float]) -> bytes:
    """Draw a bar or line chart as a user would, return its PNG."""
    fig, ax = plt.subplots(figsize=size, layout="constrained")  # long labels stay in
    categories = [plain(c) for c in chart["categories"]]
    series = chart["series"]
    width = 0.8 / len(series)
    for i, one in enumerate(series):
        positions = [x + i * width for x in range(len(categories))]
        if chart["kind"] == "barh":
            bars = ax.barh(positions, one["values"], height=width, label=one.get("name"))
        elif chart["kind"] == "line":
            ax.plot(categories, one["values"], marker="o", label=one.get("name"))
            continue
        else:
            bars = ax.bar(positions, one["values"], width=width, label=one.get("name"))
        if chart.get("labels"):
            ax.bar_label(bars, fmt="%g")
    ticks = [x + width * (len(series) - 1) / 2 for x in range(len(categories))]
    if chart["kind"] == "barh":
        ax.set_yticks(ticks, categories)
        ax.invert_yaxis()
        ax.set_xlabel(chart.get("unit", ""))
    elif chart["kind"] != "line":
        ax.set_xticks(ticks, categories)
        ax.set_ylabel(chart.get("unit", ""))
    for note in chart.get("annotations", []):
        ax.annotate(note["text"], xy=(0.5, 0.95), xycoords="axes fraction", ha="center")
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend()
    return png(fig)


def diagram_png(diagram: dict, size: tuple[float, float]) -> bytes:
    """Draw layers (stacked bands) or steps (boxes left to right) with their texts."""
    fig, ax = plt.subplots(figsize=size)
    ax.set_axis_off()
    items = diagram["items"]
    count = len(items)
    for i, item in enumerate(items):
        lit = diagram.get("highlight") in (None, item["name"])
        colour, ink = ("#1f4e79", "white") if lit else ("#c9d3df", "#333333")
        if diagram["kind"] == "steps":
            x, y, w, h = i / count + 0.01, 0.1, 1 / count - 0.02, 0.8
            centre = (x + w / 2, y + h / 2)
        else:
            x, y, w, h = 0.0, 1 - (i + 1) / count + 0.01, 1.0, 1 / count - 0.02
            centre = (0.5, y + h / 2)
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.005", color=colour))
        examples = ", ".join(plain(e) for e in item.get("examples", []))
        label = "\n".join(t for t in (item["name"], plain(item.get("text", "")), examples) if t)
        ax.text(*centre, label, ha="center", va="center", color=ink, fontsize=11)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    return png(fig)


def png(fig: plt.Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    plt.close(fig)
    return out.getvalue()


def add_text(slide, lines: list[tuple[str, int]], left: float, top: float, width: float) -> None:
    """Add a text box of (text, level) lines."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(4.8))
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, level) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = plain(text)
        paragraph.level = level
        paragraph.font.size = Pt(24 if level == 0 else 20)


def bullet_lines(items: list, level: int = 0) -> list[tuple[str, int]]:
    lines = []
    for item in items:
        if isinstance(item, str):
            lines.append((item, level))
        else:
            lines.append((item["text"], level))
            lines += bullet_lines(item.get("bullets", []), level + 1)
    return lines


def add_slide(prs, data: dict) -> None:
    kind = data["type"]
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = plain(data.get("title", ""))
    beside = bool(data.get("bullets")) and kind in ("chart", "diagram")
    if kind in ("statement", "quote"):
        text = data.get("text") or f"“{data['quote']}”\n— {data['by']}"
        add_text(slide, [(line, 0) for line in text.split("\n")], 1, 2, 11.3)
    elif kind == "stat":
        add_text(
            slide, [(data["value"], 0), (data["label"], 1), (data.get("detail", ""), 1)], 1, 2, 11.3
        )
    elif kind == "bullets":
        add_text(slide, bullet_lines(data["bullets"]), 1, 1.7, 11.3)
    elif kind == "columns":
        width = 11.3 / len(data["columns"])
        for i, column in enumerate(data["columns"]):
            lines = [(column["heading"], 0), *bullet_lines(column["bullets"], 1)]
            add_text(slide, lines, 1 + i * width, 1.7, width - 0.2)
    elif kind == "timeline":
        lines = [(f"{e['when']}: {e['label']}", 0) for e in data["events"]]
        add_text(slide, lines, 1, 1.7, 11.3)
    elif kind == "table":
        table = data["table"]
        rows, cols = len(table["rows"]) + 1, len(table["columns"])
        shape = slide.shapes.add_table(
            rows, cols, Inches(1), Inches(1.8), Inches(11.3), Inches(0.5 * rows)
        )
        for c, heading in enumerate(table["columns"]):
            shape.table.cell(0, c).text = plain(heading)
        for r, row in enumerate(table["rows"], start=1):
            for c, value in enumerate(row):
                shape.table.cell(r, c).text = plain(value)
    elif kind in ("chart", "diagram"):
        size = NARROW if beside else WIDE
        draw = chart_png if kind == "chart" else diagram_png
        picture = io.BytesIO(draw(data[kind], size))
        slide.shapes.add_picture(
            picture, Inches(0.75), Inches(1.7), Inches(size[0]), Inches(size[1])
        )
        if beside:
            add_text(slide, bullet_lines(data["bullets"]), 8.0, 1.7, 4.6)
    if data.get("source"):
        add_text(slide, [(data["source"], 1)], 0.75, 6.8, 11.8)
    if data.get("notes"):
        slide.notes_slide.notes_text_frame.text = data["notes"]


def main(deck_file: str, output: str) -> None:
    deck = yaml.safe_load(Path(deck_file).read_text(encoding="utf-8"))
    for font in FONTS.glob("*.otf"):
        font_manager.fontManager.addfont(str(font))
    plt.rcParams["font.family"] = "Deckgen Sans KR"
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    first = prs.slides.add_slide(prs.slide_layouts[TITLE])
    first.shapes.title.text = deck["title"]
    first.placeholders[1].text = deck.get("subtitle", "")
    for section in deck["sections"]:
        if section.get("divider", True):
            divider = prs.slides.add_slide(prs.slide_layouts[SECTION])
            divider.shapes.title.text = plain(section["title"])
        for data in section["slides"]:
            if not data.get("hidden"):
                add_slide(prs, data)
    if deck.get("closing"):
        closing = prs.slides.add_slide(prs.slide_layouts[TITLE])
        closing.shapes.title.text = deck["closing"]
    prs.save(output)
    print(f"Wrote {len(prs.slides)} slides to {output}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
