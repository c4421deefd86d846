"""Alt text of a figure: what it shows, in words, with its numbers."""

from __future__ import annotations

from deckgen.figures.spec import FigureSpec
from deckgen.layout.numbers import format_value
from deckgen.outline.model import Chart, Diagram


def describe(spec: FigureSpec) -> str:
    """Return alt text naming the figure and summarising its data."""
    content = spec.content
    name = spec.title or "Figure"
    if isinstance(content, Chart):
        kinds = {
            "bar": "Bar chart",
            "barh": "Horizontal bar chart",
            "stacked": "Stacked bar chart",
            "line": "Line chart",
        }
        parts = []
        for series in content.series:
            pairs = ", ".join(
                f"{cat} {format_value(v, content.unit)}"
                for cat, v in zip(content.categories, series.values, strict=False)
            )
            parts.append(f"{series.name}: {pairs}")
        scale = " (log scale)" if content.log else ""
        return f"{kinds[content.kind]}{scale}: {name}. " + "; ".join(parts) + "."
    if isinstance(content, Diagram):
        kind = (
            "Layer diagram, top to bottom"
            if content.kind == "layers"
            else ("Step diagram, left to right")
        )
        items = []
        for item in content.items:
            words = item.name + (f" ({item.text})" if item.text else "")
            if item.examples:
                words += ": " + ", ".join(item.examples)
            items.append(words)
        return f"{kind}: {name}. " + "; ".join(items) + "."
    return f"Image: {name}."
