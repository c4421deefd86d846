"""The typed model of a deck: what `deck.yaml` may say, each key documented where it is declared.

The model checks shapes and types; rules that span several keys (one value per category, bullet
depth, unique ids, files on disk) live in `deckgen.rules`. This module imports nothing from the
project, so the schema (`deckgen schema`) and the validator can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

# Characters XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Return `text` unchanged, or raise if it holds a character a .pptx cannot store."""
    match = _XML_ILLEGAL.search(text)
    if match:
        raise ValueError(
            f"control character U+{ord(match.group()):04X} at position {match.start() + 1} "
            "cannot be stored in a .pptx; delete it"
        )
    return text


Text = Annotated[str, AfterValidator(_xml_safe)]
"""Text shown on a slide or in the notes."""

Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", examples=["#1F4E79"])]
SlideId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


class Strict(BaseModel):
    """A mapping that rejects unknown keys and documents each key with its docstring.

    The docstrings become the schema's descriptions in `deckgen.schema`, not here: reading them
    costs every build a quarter of the model's import time.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Fonts(Strict):
    """Typefaces of the slides' text."""

    latin: str = "Segoe UI"
    """Typeface for Latin text (PowerPoint substitutes a similar face where it is missing)."""
    east_asian: str = "Malgun Gothic"
    """East Asian typeface (Hangul, CJK), written as `a:ea` on every run and in the theme."""


class Colors(Strict):
    """Theme colours as `#RRGGBB`."""

    primary: Color = "#1F3A5F"
    """Titles, dividers, the first chart series."""
    accent: Color = "#E4572E"
    """Highlights (`==text==`), the second chart series, timeline marks."""
    text: Color = "#1F2933"
    """Body text."""
    background: Color = "#FFFFFF"
    """Slide background."""
    muted: Color = "#6B7785"
    """Footnotes, captions, slide numbers, secondary text."""


class TemplateLayouts(Strict):
    """Names of the template's slide layouts to use for each kind of slide."""

    title: str | None = None
    """The title slide's layout, such as "Title Slide"."""
    section: str | None = None
    """The layout of section dividers and the closing slide, such as "Section Header"."""
    content: str | None = None
    """The layout of every other slide, such as "Title Only"."""


class Theme(Strict):
    """The look of the deck."""

    size: Literal["16:9", "4:3"] = "16:9"
    """Slide proportions (with a template: the template's, unless set here)."""
    fonts: Fonts = Fonts()
    """Typefaces (with a template: the template's theme fonts for those not set here)."""
    colors: Colors = Colors()
    """Colour scheme (with a template: the template's theme colours for those not set here)."""
    template: str | None = Field(default=None, min_length=1)
    """A company template (.pptx or .potx), relative to the deck file's folder: the deck uses its
    master, layouts and theme; its own slides are left out."""
    layouts: TemplateLayouts = TemplateLayouts()
    """Which of the template's layouts to use (by name); unnamed ones are chosen by their
    layout type and placeholders."""
    charts: Literal["image", "native"] = "image"
    """How charts are drawn unless a chart says otherwise: image (a picture drawn by deckgen) or
    native (an editable PowerPoint chart)."""


class Bullet(Strict):
    """A bullet point: a string, or a mapping with `text` and nested `bullets`."""

    text: Text
    """The bullet's text."""
    bullets: list[Bullet] = []
    """Sub-bullets (at most three levels in all)."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        # The schema accepts what `_from_string` accepts: a string, or the mapping.
        mapping = dict(handler.resolve_ref_schema(handler(core_schema)))
        return {
            "title": mapping.get("title"),
            "description": mapping.pop("description", None),
            "anyOf": [{"type": "string"}, mapping],
        }


class SlideBase(Strict):
    """Keys every slide type accepts."""

    notes: Text | None = None
    """Speaker notes."""
    source: Text | None = None
    """Where the slide's facts come from, shown as a small footnote."""
    id: SlideId | None = None
    """A stable name for the slide ([a-z0-9-]+, unique in the deck); names its figure files."""
    hidden: bool = False
    """Leave the slide out of the deck."""


class BulletsSlide(SlideBase):
    """A title and a list of bullets."""

    type: Literal["bullets"]
    """The slide type: bullets."""
    title: Text
    """The slide's title."""
    bullets: list[Bullet] = Field(min_length=1)
    """The bullet points."""


class QuoteSlide(SlideBase):
    """A quotation with its author."""

    type: Literal["quote"]
    """The slide type: quote."""
    title: Text | None = None
    """Optional title above the quote."""
    quote: Text
    """The quoted words (without quotation marks)."""
    by: Text | None = None
    """Who said it, and where or when."""


class StatementSlide(SlideBase):
    """One big sentence."""

    type: Literal["statement"]
    """The slide type: statement."""
    title: Text | None = None
    """Optional title above the statement."""
    text: Text
    """The sentence."""


class StatSlide(SlideBase):
    """One big number with its label."""

    type: Literal["stat"]
    """The slide type: stat."""
    title: Text | None = None
    """Optional title above the number."""
    value: Text
    """The number as it should read, such as "1,500억 달러"."""
    label: Text
    """What the number measures."""
    detail: Text | None = None
    """A line of context under the label."""


class Column(Strict):
    """One column of a `columns` slide."""

    heading: Text
    """The column's heading."""
    bullets: list[Bullet] = Field(min_length=1)
    """The column's bullet points."""


class ColumnsSlide(SlideBase):
    """Two to four columns side by side, each a heading and bullets."""

    type: Literal["columns"]
    """The slide type: columns."""
    title: Text
    """The slide's title."""
    columns: list[Column] = Field(min_length=2, max_length=4)
    """The columns, left to right."""


class Event(Strict):
    """A point on a timeline."""

    when: Text = Field(json_schema_extra={"type": ["string", "integer"]})
    """The date or period, such as "1994-95" (quote it in YAML)."""
    label: Text
    """What happened."""
    detail: Text | None = None
    """A short line under the label."""

    @model_validator(mode="before")
    @classmethod
    def _when_as_text(cls, data: Any) -> Any:
        # `when: 2010` is a year, not a number to format: accept it as written.
        if (
            isinstance(data, dict)
            and isinstance(data.get("when"), int)
            and not isinstance(data.get("when"), bool)
        ):
            return {**data, "when": str(data["when"])}
        return data


class TimelineSlide(SlideBase):
    """Events along a horizontal line, left to right."""

    type: Literal["timeline"]
    """The slide type: timeline."""
    title: Text
    """The slide's title."""
    events: list[Event] = Field(min_length=2, max_length=8)
    """The events, in order."""


class Series(Strict):
    """One data series of a chart."""

    name: Text
    """The series' name, shown in the legend."""
    values: list[Annotated[float, Field(allow_inf_nan=False, strict=False)]] = Field(min_length=1)
    """One finite number per category."""


class Chart(Strict):
    """A chart drawn from numbers."""

    kind: Literal["bar", "barh", "stacked", "line"]
    """bar: vertical bars (grouped when several series); barh: horizontal bars; stacked:
    stacked vertical bars; line: lines with points."""
    categories: list[Text] = Field(
        min_length=1, json_schema_extra={"items": {"type": ["string", "integer"]}}
    )
    """The category labels, in order."""
    series: list[Series] = Field(min_length=1)
    """The data series."""
    unit: str = ""
    """Printed after every value and on the value axis, as written ("억 달러", "K", "%")."""
    log: bool = False
    """Use a logarithmic value axis (every value must be positive)."""
    labels: bool = False
    """Print each value on its bar or point."""
    render: Literal["image", "native"] | None = None
    """image: a picture drawn by deckgen; native: an editable PowerPoint chart (data in an
    embedded workbook); default: the theme's `charts`."""

    @model_validator(mode="before")
    @classmethod
    def _categories_as_text(cls, data: Any) -> Any:
        # Years are the commonest categories: `categories: [2023, 2024]` means the labels.
        if isinstance(data, dict) and isinstance(data.get("categories"), list):
            cats = [
                str(c) if isinstance(c, int) and not isinstance(c, bool) else c
                for c in data["categories"]
            ]
            return {**data, "categories": cats}
        return data


class DiagramItem(Strict):
    """One band of a `layers` diagram or one stage of a `steps` diagram."""

    name: Text
    """The item's name."""
    text: Text | None = None
    """One line of explanation."""
    examples: list[Text] = []
    """Example names shown with the item."""


class Diagram(Strict):
    """A diagram drawn from a list of items."""

    kind: Literal["layers", "steps"]
    """layers: stacked bands, the first item on top; steps: left-to-right stages with arrows."""
    items: list[DiagramItem] = Field(min_length=2, max_length=8)
    """The layers or stages."""


class FigureSlide(SlideBase):
    """Keys shared by slides whose body is a figure."""

    title: Text
    """The slide's title."""
    caption: Text | None = None
    """A line under the figure."""
    bullets: list[Bullet] = []
    """Takeaways shown beside the figure (the figure then takes about 60% of the width)."""


class ChartSlide(FigureSlide):
    """A chart of numbers."""

    type: Literal["chart"]
    """The slide type: chart."""
    chart: Chart
    """The chart."""


class DiagramSlide(FigureSlide):
    """A diagram."""

    type: Literal["diagram"]
    """The slide type: diagram."""
    diagram: Diagram
    """The diagram."""


class ImageSlide(FigureSlide):
    """A picture from a file."""

    type: Literal["image"]
    """The slide type: image."""
    image: str = Field(min_length=1)
    """Path to a PNG, JPEG or GIF file, relative to the deck file's folder."""


Cell = Text | float


class Table(Strict):
    """A table of text and numbers."""

    columns: list[Text] = Field(min_length=1, max_length=8)
    """The column headings."""
    rows: list[list[Annotated[Cell, Field(union_mode="left_to_right")]]] = Field(
        min_length=1, max_length=14
    )
    """The rows, each with one cell per column; numbers are right-aligned."""
    highlight: TableHighlight | None = None
    """A row or a column to set in the accent colour."""


class TableHighlight(Strict):
    """Which row or column of a table to highlight (counting from 0, headings not counted)."""

    row: int | None = Field(default=None, ge=0)
    """The row to highlight."""
    column: int | None = Field(default=None, ge=0)
    """The column to highlight."""


class TableSlide(SlideBase):
    """A table."""

    type: Literal["table"]
    """The slide type: table."""
    title: Text
    """The slide's title."""
    table: Table
    """The table."""


Slide = Annotated[
    BulletsSlide
    | QuoteSlide
    | StatementSlide
    | StatSlide
    | ColumnsSlide
    | TimelineSlide
    | ChartSlide
    | DiagramSlide
    | ImageSlide
    | TableSlide,
    Field(discriminator="type"),
]


class Section(Strict):
    """A part of the talk: a divider slide and its slides."""

    title: Text
    """The section's title, shown on its divider slide."""
    divider: bool = True
    """Open the section with a divider slide."""
    slides: list[Slide] = Field(min_length=1)
    """The section's slides, in order."""


class Deck(Strict):
    """A talk: its metadata, look and sections."""

    title: Text
    """The talk's title, on the title slide."""
    subtitle: Text | None = None
    """A line under the title."""
    author: Text | None = None
    """The speaker, on the title slide and in the file's properties."""
    date: dt.date | Text | None = None
    """The date of the talk (a YAML date or any text)."""
    lang: str = Field(default="en-US", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    """BCP 47 language tag of the text, such as ko-KR; Hangul runs are always ko-KR."""
    theme: Theme = Theme()
    """The look of the deck: size, typefaces, colours, template, chart style."""
    closing: Text | None = None
    """Text of a closing slide, such as "Thank you"; no closing slide when absent."""
    sections: list[Section] = Field(min_length=1)
    """The talk's sections, in order."""


Table.model_rebuild()

SLIDE_TYPES: tuple[str, ...] = tuple(
    get_args(member.model_fields["type"].annotation)[0] for member in get_args(get_args(Slide)[0])
)
"""The slide types, in the order the `Slide` union lists them."""
