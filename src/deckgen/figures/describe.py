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
        style = content.numbers or "western"
        parts = []
        for series in content.series:
            pairs = ", ".join(
                f"{cat} {format_value(v, content.unit, style)}"
                for cat, v in zip(content.categories, series.values, strict=False)
            )
            parts.append(f"{series.name}: {pairs}")
        scale = " (log scale)" if content.log else ""
        text = f"{kinds[content.kind]}{scale}: {name}. " + "; ".join(parts) + "."
        marked = content.highlight if isinstance(content.highlight, list) else [content.highlight]
        if content.highlight is not None:
            text += f" Highlighted: {', '.join(str(m) for m in marked)}."
        if content.reference is not None:
            value = format_value(content.reference.value, content.unit, style)
            text += f" Reference line at {value}: {content.reference.label}."
        for note in content.annotations:
            text += f" Note on {note.at}: {note.text}."
        return text
    if isinstance(content, Diagram):
        kind = (
            "Layer diagram, top to bottom"
            if content.kind == "layers"
            else ("Step diagram, left to right")
        )
        items = []
        if content.highlight is not None:
            kind += f", {content.highlight} highlighted"
        for item in content.items:
            words = item.name + (f" ({item.text})" if item.text else "")
            if item.examples:
                words += ": " + ", ".join(item.examples)
            items.append(words)
        return f"{kind}: {name}. " + "; ".join(items) + "."
    return f"Image: {name}."
