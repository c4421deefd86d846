"""Read a rendered deck (a PDF) as its audience sees it: typefaces, line boxes, breaks, gaps, sizes.

`measure(pdf, pptx)` reads every glyph LibreOffice drew, with PyMuPDF, and compares the lines
with the text of the .pptx it was made from:

- lines that mix Hangul and Latin letters or digits, and those of them set in two families;
- pairs of text lines whose glyphs overlap;
- line breaks inside a word that holds Hangul ("AI/를", "'한/계'를");
- Hangul/Latin boundaries inside a word drawn with space added between them ("AI 는");
- paragraphs whose last line is one short word (a widow), lines that end in a separator
  ("·", "+", "→", "&", "/"), and two-line headlines broken away from a punctuation mark where a
  break after it balances (the shorter line at least half the longer);
- on content slides (those with a slide number): the size titles are set in and the size most of
  the other text is set in. Both are the most common size, by glyphs: the deck's title, its
  dividers and closing slide are display text, and so is a stat's number in the title slot of
  an untitled slide, not a title over a body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
LATIN = re.compile("[0-9A-Za-z\u00c0-\u024f]")
"""Latin letters and digits: what a Latin face draws beside Hangul."""
GAP_EM = 0.05
"""Space beyond the advance, in em, that counts as a gap added between two glyphs: kerning
moves a glyph by less; LibreOffice's Asian/Western autospacing adds about a quarter of an em."""
INK_TOP, INK_BOTTOM = 0.8, 0.1
"""Where a line's glyphs are drawn, in em above and below its baseline: a tighter box than the
font's ascent and descent, which overlap from one line to the next at a pitch of 1.2 em."""
OVERLAP_PT = 1.0
"""How far two lines' ink must reach into each other, each way, to count as overlapping."""
WIDOW_SHARE = 0.35
"""A last line of one word narrower than this share of its paragraph's widest line is a widow."""
SEPARATORS = "\u00b7+\u2192&/"
"""Characters a line must not end in: they join what stands on either side of them."""
PUNCTUATION = re.compile(r"[,.?!:][\"'\u201d\u2019)\]]*$")
"""A word that ends a clause: a headline breaks after it where that balances."""
BALANCED = 0.5
"""Two lines balance when the shorter is at least this share of the longer."""
_BULLETS = "\u2022\u2013\u25aa\u25e6"
_STYLE = re.compile(
    r"(Extra|Semi|Demi|Ultra)?(Bold|Black|Heavy|Medium|Light|Thin|Regular|Book|Italic|Oblique)$"
)


@dataclass(frozen=True)
class Glyph:
    """One character drawn: its box along the line (advance included), size and family."""

    char: str
    x0: float
    x1: float
    baseline: float
    size: float
    family: str


@dataclass(frozen=True)
class Line:
    """A line of text on a page, as PyMuPDF groups glyphs on one baseline."""

    page: int
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        """Return the line's characters."""
        return "".join(g.char for g in self.glyphs)

    @property
    def size(self) -> float:
        """Return the largest size in the line, in points."""
        return max(g.size for g in self.glyphs)

    @property
    def baseline(self) -> float:
        """Return the line's baseline (its lowest), in points from the top of the page."""
        return max(g.baseline for g in self.glyphs)

    def ink(self) -> tuple[float, float, float, float]:
        """Return the box the line's glyphs are drawn in: (x0, y0, x1, y1) in points."""
        drawn = [g for g in self.glyphs if not g.char.isspace()] or list(self.glyphs)
        return (
            min(g.x0 for g in drawn),
            min(g.baseline - INK_TOP * g.size for g in drawn),
            max(g.x1 for g in drawn),
            max(g.baseline + INK_BOTTOM * g.size for g in drawn),
        )

    def families(self) -> set[str]:
        """Return the families of the line's Hangul, Latin letters and digits."""
        return {g.family for g in self.glyphs if HANGUL.match(g.char) or LATIN.match(g.char)}

    def mixed(self) -> bool:
        """Return whether the line holds both Hangul and Latin letters or digits."""
        return bool(HANGUL.search(self.text) and LATIN.search(self.text))


@dataclass
class Measures:
    """What a rendered deck shows: each finding says where (page from 1) and what."""

    lines: int = 0
    mixed_lines: int = 0
    two_families: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    broken_words: list[str] = field(default_factory=list)
    boundaries: int = 0
    gaps: list[str] = field(default_factory=list)
    paragraphs: int = 0
    """Paragraphs of the .pptx found drawn on more than one line."""
    widows: list[str] = field(default_factory=list)
    separators: list[str] = field(default_factory=list)
    headlines: int = 0
    """Headlines (paragraphs with line breaks of their own) found drawn on two lines."""
    phrase_breaks: list[str] = field(default_factory=list)
    title_size: float = 0.0
    """The size most title glyphs of content slides are set in, in points."""
    body_size: float = 0.0
    """The size most other glyphs of content slides are set in, in points."""

    @property
    def two_family_share(self) -> float:
        """Return the share of mixed-script lines set in more than one family."""
        return len(self.two_families) / self.mixed_lines if self.mixed_lines else 0.0

    @property
    def gap_share(self) -> float:
        """Return the share of Hangul/Latin boundaries drawn with a gap added."""
        return len(self.gaps) / self.boundaries if self.boundaries else 0.0

    @property
    def title_ratio(self) -> float:
        """Return the titles' size over the size of most other text."""
        return self.title_size / self.body_size if self.body_size else 0.0

    def summary(self) -> str:
        """Return the measures on one line, for a report or a failing assertion."""
        return (
            f"{self.lines} lines; {len(self.two_families)}/{self.mixed_lines} mixed lines in two "
            f"families; {len(self.overlaps)} overlapping pairs; {len(self.broken_words)} breaks "
            f"inside a word; {len(self.gaps)}/{self.boundaries} Hangul/Latin boundaries with a "
            f"gap; title {self.title_size:g} pt / body {self.body_size:g} pt = "
            f"{self.title_ratio:.2f}; {len(self.widows)} widows and {len(self.separators)} "
            f"lines ending in a separator in {self.paragraphs} wrapped paragraphs; "
            f"{len(self.phrase_breaks)} of {self.headlines} two-line headlines broken away "
            "from punctuation"
        )


def family(font: str) -> str:
    """Return the family of a PDF font name: "BAAAAA+NanumGothicBold" is "NanumGothic"."""
    name = font.split("+", 1)[-1].split("-", 1)[0].split(",", 1)[0]
    return _STYLE.sub("", name) or name


def read_lines(pdf: Path) -> list[list[Line]]:
    """Return, per page, the lines of text drawn on it, in the order the PDF draws them."""
    import pymupdf

    pages = []
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document, start=1):
            # Only the glyphs drawn: no spaces made up where glyphs stand apart.
            flags = pymupdf.TEXT_INHIBIT_SPACES | pymupdf.TEXT_PRESERVE_WHITESPACE
            found = []
            for block in page.get_text("rawdict", flags=flags)["blocks"]:
                for line in block.get("lines", []):
                    glyphs = tuple(
                        Glyph(
                            char["c"],
                            char["bbox"][0],
                            char["bbox"][2],
                            char["origin"][1],
                            span["size"],
                            family(span["font"]),
                        )
                        for span in line["spans"]
                        for char in span["chars"]
                    )
                    if any(not g.char.isspace() for g in glyphs):
                        found.append(Line(number, glyphs))
            pages.append(found)
    return pages


@dataclass(frozen=True)
class Slide:
    """The text of one slide of the .pptx: its title's paragraphs and every paragraph."""

    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    content: bool
    """The slide shows an outline slide: it has a slide number (the title slide, dividers and
    the closing slide have none)."""
    broken: tuple[tuple[str, float], ...] = ()
    """The paragraphs holding line breaks (a headline's balanced ones), with "\\n" for each,
    and the width their lines are set in, in points."""


def read_slides(pptx: Path) -> list[Slide]:
    """Return the text of each slide of `pptx`, in order (line breaks as spaces)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    from pptx import Presentation

    slides = []
    for slide in Presentation(str(pptx)).slides:
        titles: list[str] = []
        paragraphs: list[str] = []
        broken: list[tuple[str, float]] = []
        content = False
        for shape in slide.shapes:
            if shape.is_placeholder:
                content |= shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if getattr(shape, "has_table", False):
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            texts = [p.text.replace("\v", " ") for f in frames for p in f.paragraphs]
            paragraphs += texts
            if shape.has_text_frame:
                frame = shape.text_frame
                room = (shape.width - frame.margin_left - frame.margin_right) / 12700
                broken += [(p.text.replace("\v", "\n"), room) for p in frame.paragraphs]
                broken = [(text, width) for text, width in broken if "\n" in text]
            if shape.is_placeholder and shape.placeholder_format.type in (
                PP_PLACEHOLDER.TITLE,
                PP_PLACEHOLDER.CENTER_TITLE,
            ):
                titles += texts
        slides.append(Slide(tuple(titles), tuple(paragraphs), content, tuple(broken)))
    return slides


def measure(pdf: Path, pptx: Path) -> Measures:
    """Return what the rendering `pdf` of `pptx` shows; its pages are the slides, in order."""
    pages = read_lines(pdf)
    slides = read_slides(pptx)
    if len(pages) != len(slides):
        raise ValueError(f"{pdf} has {len(pages)} pages for {len(slides)} slides")
    found = Measures()
    sizes: Counter[float] = Counter()
    titles: Counter[float] = Counter()
    for lines, slide in zip(pages, slides, strict=True):
        found.lines += len(lines)
        _families(lines, found)
        _overlaps(lines, found)
        _breaks(lines, slide, found)
        _gaps(lines, found)
        _wrapped(lines, slide, found)
        for line in lines if slide.content else []:
            drawn = [round(g.size, 1) for g in line.glyphs if not g.char.isspace()]
            (titles if _is_title(line, slide) else sizes).update(drawn)
    found.title_size = titles.most_common(1)[0][0] if titles else 0.0
    found.body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    return found


def _where(line: Line) -> str:
    return f"page {line.page}: {line.text.strip()!r}"


def _families(lines: list[Line], found: Measures) -> None:
    for line in lines:
        if line.mixed():
            found.mixed_lines += 1
            families = line.families()
            if len(families) > 1:
                found.two_families.append(f"{_where(line)} in {', '.join(sorted(families))}")


def _overlaps(lines: list[Line], found: Measures) -> None:
    boxes = [line.ink() for line in lines]
    for i, one in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            other = boxes[j]
            across = min(one[2], other[2]) - max(one[0], other[0])
            down = min(one[3], other[3]) - max(one[1], other[1])
            if across > OVERLAP_PT and down > OVERLAP_PT:
                found.overlaps.append(f"{_where(lines[i])} overlaps {lines[j].text.strip()!r}")


def _breaks(lines: list[Line], slide: Slide, found: Measures) -> None:
    """Find a line ending and the next line starting inside one word of the slide's text."""
    words = [w for p in slide.paragraphs for w in p.split() if HANGUL.search(w)]
    for one, two in pairwise(lines):
        if two.baseline <= one.baseline + 0.5 * one.size:  # the same line, or back up the page
            continue
        end, start = one.text.split(), two.text.split()
        if not end or not start:
            continue
        joined = end[-1] + start[0]
        if any(joined in word for word in words):
            found.broken_words.append(f"page {one.page}: {end[-1]!r} / {start[0]!r}")


def _gaps(lines: list[Line], found: Measures) -> None:
    for line in lines:
        for one, two in pairwise(line.glyphs):
            pair = (bool(HANGUL.match(one.char)), bool(HANGUL.match(two.char)))
            latin = (bool(LATIN.match(one.char)), bool(LATIN.match(two.char)))
            if pair not in ((True, False), (False, True)) or not (latin[0] or latin[1]):
                continue
            found.boundaries += 1
            gap = two.x0 - one.x1
            if gap > GAP_EM * max(one.size, two.size):
                found.gaps.append(f"{_where(line)}: {one.char}{two.char} {gap:.1f} pt apart")


def _is_title(line: Line, slide: Slide) -> bool:
    """Return whether `line` is part of the slide's title: its text is in the title's."""
    text = "".join(line.text.split())
    return bool(text) and any(text in "".join(title.split()) for title in slide.titles)


def _squeezed(text: str) -> str:
    """Return `text` without white space and bullet characters: how a paragraph is found."""
    return "".join(c for c in text if not c.isspace() and c not in _BULLETS)


def paragraph_lines(lines: list[Line], paragraph: str) -> list[Line] | None:
    """Return the consecutive lines `paragraph` is drawn on, or None where it is not found."""
    wanted = _squeezed(paragraph)
    if not wanted:
        return None
    for start in range(len(lines)):
        got, found = "", []
        for line in lines[start:]:
            got += _squeezed(line.text)
            found.append(line)
            if not wanted.startswith(got):
                break
            if got == wanted:
                return found
    return None


def _words(line: Line) -> list[list[Glyph]]:
    """Return the words of `line`: its glyphs between spaces, bullet characters left out."""
    words: list[list[Glyph]] = [[]]
    for glyph in line.glyphs:
        if glyph.char.isspace():
            words.append([])
        elif glyph.char not in _BULLETS or words[-1]:
            words[-1].append(glyph)
    return [word for word in words if word]


def _width(words: list[list[Glyph]]) -> float:
    """Return the width `words` take on one line, from the first glyph to the last."""
    return words[-1][-1].x1 - words[0][0].x0 if words else 0.0


def _set(words: list[list[Glyph]], space: float) -> float:
    """Return the width `words` would take on one line, `space` between each two."""
    return sum(_width([word]) for word in words) + space * (len(words) - 1)


def _wrapped(lines: list[Line], slide: Slide, found: Measures) -> None:
    """Find widows, lines ending in a separator and headlines broken away from punctuation."""
    for paragraph in dict.fromkeys(slide.paragraphs):
        drawn = paragraph_lines(lines, paragraph)
        if drawn is None or len(drawn) < 2:
            continue
        found.paragraphs += 1
        words = [_words(line) for line in drawn]
        widest = max(_width(w) for w in words)
        if len(words[-1]) == 1 and _width(words[-1]) < WIDOW_SHARE * widest:
            found.widows.append(f"{_where(drawn[-1])} ends {paragraph!r}")
        for line in drawn[:-1]:
            if line.text.rstrip()[-1:] in SEPARATORS:
                found.separators.append(_where(line))
    for text, room in slide.broken:
        drawn = paragraph_lines(lines, text)
        if drawn is None or len(drawn) != 2:
            continue
        found.headlines += 1
        one, two = (_words(line) for line in drawn)
        if PUNCTUATION.search("".join(g.char for g in one[-1])):
            continue
        every = one + two
        spaces = [g.x1 - g.x0 for line in drawn for g in line.glyphs if g.char == " "]
        space = sum(spaces) / len(spaces) if spaces else 0.25 * drawn[0].size
        for at in range(1, len(every)):
            before = "".join(g.char for g in every[at - 1])
            if not PUNCTUATION.search(before):
                continue
            widths = _set(every[:at], space), _set(every[at:], space)
            if max(widths) <= room and min(widths) >= BALANCED * max(widths):
                shown = " / ".join(line.text.strip() for line in drawn)
                found.phrase_breaks.append(f"page {drawn[0].page}: {shown!r} (after {before!r})")
                break
