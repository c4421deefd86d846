"""A figure's SVG for a slide: its words kept as text, set in the deck's faces (docs/fonts.md).

matplotlib writes text as text (`svg.fonttype: none`) with its properties in a `style`
attribute, sizes in `px` and the bundled face alone. PowerPoint's SVG renderer is known to lose
properties written that way (font sizes, anchors: see docs/fonts.md), so each `text` element's
properties become presentation attributes, the size a plain number of the picture's units
(points), and its typeface a list: the deck's faces first, then the bundled one, then any sans
serif. The lines of a centred or right-aligned block (which matplotlib writes as left-anchored
lines, one `text` each) are anchored at their centre or right end, so that a face wider than the
bundled one grows them evenly, or away from their mark, as it does a one-line label.

Nothing here imports matplotlib: the input is matplotlib's SVG, read as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

LINES_ID = "deckgen-lines-{align}-{n}"
"""The id of the group of a multi-line text block, saying how its lines align."""
_LINES = re.compile(r'<g id="deckgen-lines-(left|center|right)-\d+">')
_TEXT = re.compile(r"<text ([^>]*)>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
_ROTATE = re.compile(r"rotate\((-?[\d.]+) -?[\d.]+ -?[\d.]+\)")
_TRANSLATE = re.compile(r"translate\((-?[\d.]+) (-?[\d.]+)\)")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")
_ANCHOR = {"center": "middle", "right": "end"}


def family(faces: Sequence[str], bundled: str) -> str:
    """Return the `font-family` list of `faces`, then `bundled`, then any sans serif: each face
    once, quoted (a quote or backslash in a name, which would end or escape the quotes, left
    out)."""
    names = dict.fromkeys(f.replace("'", "").replace("\\", "") for f in (*faces, bundled) if f)
    quoted = ", ".join(f"'{name}'" for name in names)
    return f"{quoted}, sans-serif"


def as_text(
    svg: str,
    faces: Sequence[str],
    bundled: str,
    width: Callable[[str, float, bool], float],
) -> str:
    """Return matplotlib's SVG `svg` (text kept as text) with each text element's properties as
    attributes, set in `faces` then `bundled`, and the lines of centred and right-aligned blocks
    anchored where they align.

    `width(text, size, bold)` returns the width in points of a line set in the bundled face: the
    face matplotlib laid the lines out with.
    """
    fonts = html.escape(family(faces, bundled), quote=False).replace('"', "&quot;")
    svg = _DOCTYPE.sub("", svg, count=1)  # an external DTD reference, nothing a reader needs
    out: list[str] = []
    at = 0
    for group in _LINES.finditer(svg):
        out.append(_texts(svg[at : group.start()], fonts, None, width))
        end = _group_end(svg, group.end())
        out.append(group.group(0))
        out.append(_texts(svg[group.end() : end], fonts, group.group(1), width))
        at = end
    out.append(_texts(svg[at:], fonts, None, width))
    return "".join(out)


def _group_end(svg: str, start: int) -> int:
    """Return where the group whose content starts at `start` closes (its `</g>`)."""
    depth = 1
    for tag in re.finditer(r"<g[\s>]|</g>", svg[start:]):
        depth += -1 if tag.group(0) == "</g>" else 1
        if depth == 0:
            return start + tag.start()
    return len(svg)


def _texts(
    part: str, fonts: str, align: str | None, width: Callable[[str, float, bool], float]
) -> str:
    """Return `part` with its text elements' properties as attributes (see `as_text`)."""

    def rewrite(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        props = dict(
            (key.strip(), value.strip())
            for key, _, value in (p.partition(":") for p in attrs.pop("style", "").split(";"))
            if key.strip()
        )
        props["font-family"] = fonts
        props["font-size"] = props.get("font-size", "10").removesuffix("px")
        transform = attrs.pop("transform", "")
        rotate = _ROTATE.fullmatch(transform)
        moved = _TRANSLATE.fullmatch(transform)
        if moved is not None:  # a line of a block: placed by a translation alone
            attrs["x"], attrs["y"] = moved.group(1), moved.group(2)
        elif transform and not (rotate is not None and float(rotate.group(1)) == 0):
            attrs["transform"] = transform  # a turned text (not a turn by zero degrees)
        if align in _ANCHOR and "x" in attrs and "transform" not in attrs:
            # A line of a block matplotlib laid out (left-anchored): anchor it where it aligns.
            close = part.index("</text>", match.end())
            line = html.unescape(part[match.end() : close])
            size = float(props["font-size"])
            bold = props.get("font-weight", "400") not in ("400", "normal")
            shift = width(line, size, bold) * (0.5 if align == "center" else 1.0)
            attrs["x"] = _number(float(attrs["x"]) + shift)
            props["text-anchor"] = _ANCHOR[align]
        written = [f'{key}="{value}"' for key, value in attrs.items()]
        written += [f'{key}="{value}"' for key, value in props.items()]
        return f"<text {' '.join(written)}>"

    return _TEXT.sub(rewrite, part)


def _number(value: float) -> str:
    """Return `value` as matplotlib writes coordinates (six decimals, no trailing zeros)."""
    return f"{value:f}".rstrip("0").rstrip(".")
