"""The typed model of a deck: what `deck.yaml` may say, each key documented where it is declared.

Every mapping is a frozen dataclass; `Annotated` metadata (`Count`, `Pattern`, ...) states the
constraints a value's type cannot. `deckgen.outline.validator` reads these declarations to check a
deck and build its objects, and `deckgen.outline.schema` reads the same declarations to write the
JSON Schema, so the two agree on every key, type and constraint. (The validator also takes a number
written in quotes, and "yes" or 0 for true or false, which the schema leaves out so that an editor
suggests the plain form.) Rules that span several keys (one value per category, bullet depth,
unique ids, files on disk) live in `deckgen.outline.rules`. This module imports nothing from the
project.
"""

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar, get_args, get_origin

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: object) -> Any:
        """Return a no-op decorator: the options are read by type checkers, never at run time."""
        return lambda cls: cls


# --- constraints a type cannot state -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Count:
    """A list holds at least `least` and at most `most` items."""

    least: int = 0
    most: int | None = None


@dataclasses.dataclass(frozen=True)
class Chars:
    """A string holds at least `least` and at most `most` characters."""

    least: int = 0
    most: int | None = None


@dataclasses.dataclass(frozen=True)
class Pattern:
    """A string matches `regex`; otherwise the value "`says`" (after the value, quoted)."""

    regex: str
    says: str
    examples: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class AtLeast:
    """A number is at least `least`."""

    least: int


@dataclasses.dataclass(frozen=True)
class Finite:
    """A number is finite (not infinity, not NaN) and at most `most` in size."""

    most: float = 1e15


@dataclasses.dataclass(frozen=True)
class WholeNumbersAsText:
    """A whole number stands for its digits, as written (`when: 2010` means "2010")."""


@dataclasses.dataclass(frozen=True)
class Tag:
    """A union of mappings told apart by the value of their `key` (each member's Literal)."""

    key: str
    noun: str
    """What a message calls the values of `key`, such as "slide type"."""


def unwrap(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """Return a declared type without its `Annotated` metadata, and the metadata."""
    meta: tuple[Any, ...] = ()
    if get_origin(tp) is Annotated:
        tp, *rest = get_args(tp)
        meta = tuple(rest)
    if isinstance(tp, str):  # a forward reference, such as list["Bullet"]
        tp = globals()[tp]
    return tp, meta


def tag_value(cls: type, key: str) -> Any:
    """Return the value of `key` that marks `cls` in a tagged union: its Literal's."""
    return get_args(cls.__annotations__[key])[0]


def required(field: dataclasses.Field[Any]) -> bool:
    """Return whether a deck must write the key of `field`: it has no default."""
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


# Characters XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return,
# lone surrogates (YAML's "\ud800" escape makes one) and the two non-characters.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_problem(text: str) -> str | None:
    """Return why `text` cannot be stored in a .pptx, or None when it can.

    Every string of a deck reaches the package's XML somewhere (a font name in the theme, a unit
    in a chart's number format), so the validator applies this to all of them, whatever their
    declared type.
    """
    match = _XML_ILLEGAL.search(text)
    if match:
        kind = "surrogate" if "\ud800" <= match.group() <= "\udfff" else "control character"
        return (
            f"{kind} U+{ord(match.group()):04X} at position {match.start() + 1} "
            "cannot be stored in a .pptx; delete it"
        )
    return None


TEXT_MAX = 2_000
"""Characters a text on a slide may have: far more than fits, far less than slows the fit."""
NOTES_MAX = 50_000
"""Characters a slide's speaker notes may have: an hour of speech is about 18,000 syllables."""
LABEL_MAX = 100
"""Characters a label drawn in a figure may have (a category, a series, a diagram item)."""

Text = Annotated[str, Chars(most=TEXT_MAX)]
"""Text shown on a slide."""
Notes = Annotated[str, Chars(most=NOTES_MAX)]
"""Speaker notes."""
Label = Annotated[str, Chars(most=LABEL_MAX)]
"""Text drawn in a figure: short, so that it can be placed and read."""

CATEGORIES_MAX = 60
"""Categories a chart may have: more cannot be labelled on a slide."""
SERIES_MAX = 10
"""Series a chart may have: more cannot be told apart by colour."""
ANNOTATIONS_MAX = 20
"""Notes a chart may have: more cannot each be placed clear of the marks and of one another."""
BULLETS_MAX = 100
"""Bullets one list may have."""

Color = Annotated[
    str,
    Pattern(r"^#[0-9A-Fa-f]{6}$", "is not a colour; write #RRGGBB, such as #1F4E79", ("#1F4E79",)),
]
SlideId = Annotated[
    str,
    Pattern(
        r"^[a-z0-9]+(-[a-z0-9]+)*$",
        "is not valid; use lowercase letters, digits and hyphens, such as 'market-size'",
    ),
    Chars(most=80),
]
Language = Annotated[
    str,
    Pattern(
        r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        "is not valid; write a BCP 47 language tag such as ko-KR or en-US",
    ),
]

_Self = TypeVar("_Self", bound="Strict")


@dataclass_transform(
    kw_only_default=True,
    frozen_default=True,
    eq_default=False,
    field_specifiers=(dataclasses.field,),
)
class Strict:
    """A mapping of the deck: its keys are the fields, each documented with its docstring.

    Every subclass is made a frozen, keyword-only dataclass (`dataclass_transform` tells type
    checkers so, which a decorator alias would hide from them).
    """

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    """Set on every subclass by `dataclasses.dataclass`: declared so checkers see a dataclass."""

    shorthand: ClassVar[str | None] = None
    """The key a plain string stands for, where the mapping may be written as one."""
    # A ClassVar, so that it is no field (nor key), but each validated object sets its own.
    keys_set: ClassVar[frozenset[str]] = frozenset()
    """The keys the deck wrote (the others have their defaults); set by `deckgen.validator`, so
    an object built in code has none."""

    _made: ClassVar[tuple[tuple[str, Any, Any], ...]]
    """Each field's name, default and default factory, in order: what `__init__` sets."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # `__init__`, `__repr__`, `__eq__` and freezing come from `Strict`, once: a dataclass
        # generating them for each of the model's classes compiles five functions a class,
        # which cost every build 10 ms before it read a line of the deck.
        dataclasses.dataclass(cls, init=False, kw_only=True, repr=False, eq=False)
        cls._made = tuple((f.name, f.default, f.default_factory) for f in dataclasses.fields(cls))

    def __init__(self, **values: Any) -> None:
        setter = object.__setattr__
        for name, default, factory in self._made:
            if name in values:
                setter(self, name, values[name])
            elif default is not dataclasses.MISSING:
                setter(self, name, default)
            elif factory is not dataclasses.MISSING:
                setter(self, name, factory())
            else:
                raise TypeError(f"{type(self).__name__}: missing keyword argument {name!r}")
        if len(values) > len(self._made) or not values.keys() <= self.__dataclass_fields__.keys():
            unknown = sorted(values.keys() - self.__dataclass_fields__.keys())
            raise TypeError(f"{type(self).__name__}: unexpected keyword argument {unknown[0]!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        pairs = (f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self))
        return f"{type(self).__name__}({', '.join(pairs)})"

    def __eq__(self, other: object) -> bool:
        names = [f.name for f in dataclasses.fields(self)]
        return type(other) is type(self) and all(
            getattr(self, name) == getattr(other, name) for name in names
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, and lists inside

    def replace(self: _Self, **changes: Any) -> _Self:
        """Return a copy with `changes`, keeping the keys the deck wrote."""
        copy = dataclasses.replace(self, **changes)
        object.__setattr__(copy, "keys_set", self.keys_set)
        return copy

    def as_dict(self, *, drop_none: bool = False) -> dict[str, Any]:
        """Return the mapping as plain JSON data (dates as ISO text), keys in declared order."""
        pairs = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return {
            name: _plain(value, drop_none)
            for name, value in pairs
            if not (drop_none and value is None)
        }


def _plain(value: Any, drop_none: bool) -> Any:
    if isinstance(value, Strict):
        return value.as_dict(drop_none=drop_none)
    if isinstance(value, list):
        return [_plain(item, drop_none) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Fonts(Strict):
    """Typefaces of the slides' text."""

    latin: Annotated[str, Chars(1, 64)] = "Malgun Gothic"
    """Typeface for Latin text (PowerPoint substitutes a similar face where it is missing). The
    default is the East Asian one: Malgun Gothic's Latin is Segoe UI's design, so Hangul and
    Latin read as one family (docs/fonts.md)."""
    east_asian: Annotated[str, Chars(1, 64)] = "Malgun Gothic"
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

    title: Label | None = None
    """The title slide's layout, such as "Title Slide"."""
    section: Label | None = None
    """The layout of section dividers and the closing slide, such as "Section Header"."""
    content: Label | None = None
    """The layout deckgen's own layouts for statements, quotes, stats, timelines and three or
    four columns are made from, such as "Title Only": they keep its title, footer, slide number
    and ornaments and add their placeholders."""
    body: Label | None = None
    """The layout of bullets, figures and tables, such as "Title and Content": their content
    goes into its content placeholder."""
    two: Label | None = None
    """The layout of a figure with takeaways beside it, such as "Two Content": the figure in
    its left content placeholder, the takeaways in its right."""
    comparison: Label | None = None
    """The layout of two columns, such as "Comparison": each heading and list in its own
    placeholders."""
    picture: Label | None = None
    """The layout of a picture from a file with its caption, such as "Picture with Caption"."""


class Theme(Strict):
    """The look of the deck."""

    size: Literal["16:9", "4:3"] = "16:9"
    """Slide proportions (with a template: the template's, unless set here)."""
    fonts: Fonts = dataclasses.field(default_factory=Fonts)
    """Typefaces (with a template: the template's theme fonts for those not set here)."""
    colors: Colors = dataclasses.field(default_factory=Colors)
    """Colour scheme (with a template: the template's theme colours for those not set here)."""
    template: Annotated[str, Chars(1, 1000)] | None = None
    """A company template (.pptx or .potx), relative to the deck file's folder: the deck uses its
    master, layouts and theme; its own slides are left out."""
    layouts: TemplateLayouts = dataclasses.field(default_factory=TemplateLayouts)
    """Which of the template's layouts to use (by name); unnamed ones are chosen by their
    layout type and placeholders."""
    charts: Literal["image", "native"] = "image"
    """How charts and diagrams are drawn unless one says otherwise (its `render`): image (a
    picture drawn by deckgen) or native (an editable PowerPoint chart, or diagram shapes)."""


class Bullet(Strict):
    """A bullet point: a string, or a mapping with `text` and nested `bullets`."""

    shorthand = "text"

    text: Text
    """The bullet's text."""
    bullets: Annotated[list["Bullet"], Count(0, BULLETS_MAX)] = dataclasses.field(
        default_factory=list
    )
    """Sub-bullets (at most three levels in all)."""


class SlideBase(Strict):
    """Keys every slide type accepts."""

    notes: Notes | None = None
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
    bullets: Annotated[list[Bullet], Count(1, BULLETS_MAX)]
    """The bullet points."""
    form: Literal["cards", "list"] | None = None
    """How the points are shown: cards (side by side, each with its key term large: a
    leading **bold** phrase, the words before a colon, or a leading number; else its number
    01, 02...) or list. Unset: cards for 2-4 short points without sub-points, unless the
    slide before is cards or the notes are long; a list otherwise."""


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
    bullets: Annotated[list[Bullet], Count(1, BULLETS_MAX)]
    """The column's bullet points."""


class ColumnsSlide(SlideBase):
    """Two to four columns side by side, each a heading and bullets."""

    type: Literal["columns"]
    """The slide type: columns."""
    title: Text
    """The slide's title."""
    columns: Annotated[list[Column], Count(2, 4)]
    """The columns, left to right."""


class Event(Strict):
    """A point on a timeline."""

    when: Annotated[Text, WholeNumbersAsText()]
    """The date or period, such as "1994-95" (quote it in YAML)."""
    label: Text
    """What happened."""
    detail: Text | None = None
    """A short line under the label."""


class TimelineSlide(SlideBase):
    """Events along a horizontal line, left to right."""

    type: Literal["timeline"]
    """The slide type: timeline."""
    title: Text
    """The slide's title."""
    events: Annotated[list[Event], Count(2, 8)]
    """The events, in order."""


class Series(Strict):
    """One data series of a chart."""

    name: Label
    """The series' name, shown in the legend."""
    values: Annotated[list[Annotated[float, Finite()]], Count(1, CATEGORIES_MAX)]
    """One finite number per category."""


CategoryName = Annotated[Label, WholeNumbersAsText()]
"""A category as the chart's `categories` write it (`2024` means "2024")."""


class Annotation(Strict):
    """A short note beside one mark of a chart."""

    at: CategoryName
    """The category whose mark (bar or point) the note is about, as `categories` writes it."""
    text: Annotated[Text, Chars(1, 60)]
    """The note: a few words, placed beside the mark, clear of every other mark and label."""


class Reference(Strict):
    """A reference line across a chart: a target, an average, a threshold."""

    value: Annotated[float, Finite()]
    """Where the line crosses the value axis."""
    label: Annotated[Text, Chars(1, 40)]
    """What the line is, shown on it, such as "목표 4,000억 달러"."""


class Chart(Strict):
    """A chart drawn from numbers."""

    kind: Literal["bar", "barh", "stacked", "line"]
    """bar: vertical bars (grouped when several series); barh: horizontal bars; stacked:
    stacked vertical bars; line: lines with points (categories that are all numbers, such as
    years, are spaced by value)."""
    # Years are the commonest categories: `categories: [2023, 2024]` means the labels.
    categories: Annotated[list[CategoryName], Count(1, CATEGORIES_MAX)]
    """The category labels, in order."""
    series: Annotated[list[Series], Count(1, SERIES_MAX)]
    """The data series."""
    unit: Annotated[str, Chars(most=30)] = ""
    """The values' unit ("억 달러", "토큰", "%"): on every value label, a unit word one space
    from the number ("2,000 토큰"); without labels once, on the top tick."""
    log: bool = False
    """Use a logarithmic value axis (every value must be positive; for lines only: bars on a
    log axis misstate how values compare, and `check` warns)."""
    labels: bool = False
    """Print each value on its bar or point, instead of a value axis and gridlines."""
    highlight: CategoryName | Annotated[list[CategoryName], Count(0, CATEGORIES_MAX)] | None = None
    """The mark or marks the chart is about: a category name or a list of them (or, with
    several series, a series name), drawn in the accent colour with the other marks muted and
    their labels emphasised."""
    sort: Literal["descending", "ascending"] | None = None
    """bar and barh: order the categories by the first series' values (largest first for
    descending); default: as written."""
    annotations: Annotated[list[Annotation], Count(0, ANNOTATIONS_MAX)] = dataclasses.field(
        default_factory=list
    )
    """Short notes beside marks, such as `{at: 2024년 6월, text: 1년 새 3배}`."""
    reference: Reference | None = None
    """A reference line (a target, an average), labelled on the line."""
    numbers: Literal["korean", "western"] | None = None
    """How large values read on ticks, labels and alt text: korean (3.2만, 100만, 1.5조 달러
    for 15,000 in 억 달러) or western (32,000); default: korean when the deck's `lang` is
    Korean (ko, ko-KR), else western."""
    render: Literal["image", "native"] | None = None
    """image: a picture drawn by deckgen; native: an editable PowerPoint chart (data in an
    embedded workbook); default: the theme's `charts`."""


class DiagramItem(Strict):
    """One band of a `layers` diagram or one stage of a `steps` diagram."""

    name: Label
    """The item's name."""
    text: Annotated[str, Chars(most=300)] | None = None
    """One line of explanation."""
    examples: Annotated[list[Label], Count(0, 12)] = dataclasses.field(default_factory=list)
    """Example names shown with the item."""


class Diagram(Strict):
    """A diagram drawn from a list of items."""

    kind: Literal["layers", "steps"]
    """layers: stacked bands, the first item on top; steps: left-to-right stages with arrows."""
    items: Annotated[list[DiagramItem], Count(2, 8)]
    """The layers or stages."""
    highlight: Text | None = None
    """The name of the item to show in the accent colour, the others muted: a "you are here"
    marker when the diagram recurs on the slides that walk through its items."""
    render: Literal["image", "native"] | None = None
    """image: a picture drawn by deckgen; native: PowerPoint shapes whose words can be edited
    and whose colours and fonts are the theme's; default: the theme's `charts`."""


class FigureSlide(SlideBase):
    """Keys shared by slides whose body is a figure."""

    title: Text
    """The slide's title."""
    caption: Text | None = None
    """A line under the figure."""
    bullets: Annotated[list[Bullet], Count(0, BULLETS_MAX)] = dataclasses.field(
        default_factory=list
    )
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
    image: Annotated[str, Chars(1, 1000)]
    """Path to a PNG, JPEG or GIF file, relative to the deck file's folder."""


Cell = Text | Annotated[float, Finite()]
"""A table cell: text, or a number (right-aligned)."""


class TableHighlight(Strict):
    """Which row or column of a table to highlight (counting from 0, headings not counted)."""

    row: Annotated[int, AtLeast(0)] | None = None
    """The row to highlight."""
    column: Annotated[int, AtLeast(0)] | None = None
    """The column to highlight."""


class Table(Strict):
    """A table of text and numbers."""

    columns: Annotated[list[Text], Count(1, 8)]
    """The column headings."""
    rows: Annotated[list[list[Cell]], Count(1, 14)]
    """The rows, each with one cell per column; numbers are right-aligned."""
    highlight: TableHighlight | None = None
    """A row or a column to set in the accent colour."""


class TableSlide(SlideBase):
    """A table."""

    type: Literal["table"]
    """The slide type: table."""
    title: Text
    """The slide's title."""
    table: Table
    """The table."""


SLIDES: tuple[type[SlideBase], ...] = (
    BulletsSlide,
    QuoteSlide,
    StatementSlide,
    StatSlide,
    ColumnsSlide,
    TimelineSlide,
    ChartSlide,
    DiagramSlide,
    ImageSlide,
    TableSlide,
)
"""The slide classes, in the order messages and the schema list them."""

SLIDE_TYPES: tuple[str, ...] = tuple(tag_value(cls, "type") for cls in SLIDES)
"""The slide types, in the order `SLIDES` lists them."""

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
    Tag("type", "slide type"),
]
"""One slide: its `type` says which of the slide classes it is."""


class Section(Strict):
    """A part of the talk: a divider slide and its slides."""

    title: Text
    """The section's title, shown on its divider slide."""
    divider: bool = True
    """Open the section with a divider slide."""
    slides: Annotated[list[Slide], Count(1)]
    """The section's slides, in order."""


class Deck(Strict):
    """A talk: its metadata, look and sections."""

    title: Text
    """The talk's title, on the title slide."""
    subtitle: Text | None = None
    """A line under the title."""
    author: Text | None = None
    """The speaker, on the title and closing slides and in the file's properties."""
    date: dt.date | Text | None = None
    """The date of the talk (a YAML date or any text), on the title and closing slides."""
    event: Label | None = None
    """Where the talk is given, such as a conference or a meeting, on the title and closing
    slides beside the date."""
    lang: Language = "en-US"
    """BCP 47 language tag of the text, such as ko-KR; Hangul runs are always ko-KR."""
    theme: Theme = dataclasses.field(default_factory=Theme)
    """The look of the deck: size, typefaces, colours, template, chart style."""
    closing: Text | None = None
    """Text of a closing slide, such as "Thank you"; no closing slide when absent."""
    sections: Annotated[list[Section], Count(1)]
    """The talk's sections, in order."""
