"""Words held together in body text: no widow, no separator at a line's end, names whole.

A paragraph that wraps can end in one short word on a line of its own (a widow: "…특화 모델 /
포함"), end a line in a separator ("WWW + / 모바일"), or split a name ("Microsoft / Azure").
Here such words are joined by a no-break space (`phrase.NBSP`), the one means every renderer
honours, PowerPoint, LibreOffice and the fit measure alike:

- a separator ("·", "+", "→", "&", "/") is held to the word after it: the line breaks before it;
- two capitalised Latin words ("Microsoft Azure", "Savings Plans") are held together;
- a last word shorter than `WIDOW_SHARE` of the line is held to the word before it, so the
  last line has two words (PowerPoint's metrics differ a little from the fit's: the last word
  is held wherever it is short, not only where the fit measure shows a widow).

Each is kept only where the paragraph, at the size and width the fit gave it, takes no more
lines than without it and no held group is wider than its line. Line breaks, in the user's
.pptx, would break wrongly in a renderer with other metrics and stay where they are when the
text is edited; a no-break space only says which words belong together. `deckgen pull` reads it
back as a plain space. Headlines, broken by `balance`, have a line per segment and are left as
they are; text in figures and diagrams is theirs to set.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from deckgen.layout import fit, phrase
from deckgen.layout.shapes import Para, Shape, SlidePlan, TextShape
from deckgen.record import replace

WIDOW_SHARE = 0.35
"""A last word narrower than this share of its line's width is not left on a line alone."""
TAIL_WORDS = 4
"""The most words a last line is given to end the line before at a phrase."""
TAIL_SHARE = 0.75
"""The widest a last line of more than two words is made, as a share of the line's width."""


def keep_plans(plans: Iterable[SlidePlan]) -> list[SlidePlan]:
    """Return `plans` with the words of every text box's paragraphs held together."""
    return [replace(plan, shapes=[_kept_shape(shape) for shape in plan.shapes]) for plan in plans]


def _kept_shape(shape: Shape) -> Shape:
    """Return `shape` with its paragraphs' words held together, if it is a text box."""
    if not isinstance(shape, TextShape) or shape.number_field:
        return shape
    paras = tuple(
        kept_para(para, para.size * shape.scale, shape.room - para.indent(), para.bold)
        for para in shape.paras
    )
    return replace(shape, paras=paras) if paras != shape.paras else shape


def kept_para(para: Para, size_pt: float, width_in: float, bold: bool) -> Para:
    """Return `para` with the spaces that hold words together turned into no-break spaces."""
    text = para.text
    held = kept(text, size_pt, width_in, bold)
    if held == text:
        return para
    runs, offset = [], 0
    for run in para.runs:
        end = offset + len(run.text)
        runs.append(replace(run, text=held[offset:end]))
        offset = end
    return replace(para, runs=tuple(runs))


def kept(text: str, size_pt: float, width_in: float, bold: bool = False) -> str:
    """Return `text` with the spaces that hold words together, at `size_pt` in a box `width_in`
    wide, turned into no-break spaces; each segment between line breaks on its own."""
    return "\n".join(_segment(part, size_pt, width_in, bold) for part in text.split("\n"))


def _segment(text: str, size_pt: float, width_in: float, bold: bool) -> str:
    """Return one line-break-free segment of a paragraph with its words held together."""
    words = text.split(" ")
    if len(words) < 2 or not all(words):
        return text
    room = width_in * 72
    count = len(fit.wrap(text, size_pt, width_in, bold))
    if count < 2:
        return text
    held = [False] * (len(words) - 1)
    """Whether the space after each word but the last holds it to the next."""

    def joined(joins: list[bool]) -> str:
        out = [words[0]]
        for word, join in zip(words[1:], joins, strict=True):
            out.append((phrase.NBSP if join else " ") + word)
        return "".join(out)

    def fits(joins: list[bool]) -> bool:
        candidate = joined(joins)
        groups = candidate.split(" ")
        if any(fit.width_pt(group, size_pt, bold) > room for group in groups):
            return False
        return len(fit.wrap(candidate, size_pt, width_in, bold)) <= count

    def measure(text: str) -> float:
        return fit.width_pt(text, size_pt, bold)

    def held_lines(at: list[int]) -> list[str] | None:
        trial = held.copy()
        for i in at:
            trial[i] = True
        return fit.wrap(joined(trial), size_pt, width_in, bold) if fits(trial) else None

    def hold(at: list[int]) -> None:
        trial = held.copy()
        for i in at:
            trial[i] = True
        if trial != held and fits(trial):
            held[:] = trial

    hold([i for i, word in enumerate(words[:-1]) if _separates(word)])
    for i, (one, two) in enumerate(itertools.pairwise(words)):
        if phrase.is_name(one, two):
            hold([i])
    free = [i for i, join in enumerate(held) if not join]  # the spaces a line may end at
    if free and fit.width_pt(joined(held)[_after(joined(held)) :], size_pt, bold) < (
        WIDOW_SHARE * room
    ):
        hold(_tail(words, free, held, held_lines, measure, room))
    return joined(held)


def _after(text: str) -> int:
    """Return where the last word (held group) of `text` starts."""
    return text.rfind(" ") + 1


def _tail(
    words: list[str],
    free: list[int],
    held: list[bool],
    lines: Callable[[list[int]], list[str] | None],
    width: Callable[[str], float],
    room: float,
) -> list[int]:
    """Return the spaces to hold so that the last line has more than one word: those of the
    last two words, or of up to `TAIL_WORDS` where the line before then ends at a phrase
    ("…이미지 편집 등 / 특화 모델 포함", not "…등 특화 / 모델 포함"), that last line taking at most
    `TAIL_SHARE` of the width and the line before it not left short itself. `lines` returns
    the lines with more spaces held, None where they take more lines."""
    best: tuple[float, int, list[int]] | None = None
    for k in range(2, TAIL_WORDS + 1):
        if k > len(free):
            break
        start = free[-k] + 1  # the first word of the last line
        inside = [i for i in range(start, len(held)) if not held[i]]
        if width(" ".join(words[start:])) > (room if k == 2 else TAIL_SHARE * room):
            break
        found = (phrase.cost(words[start - 1], words[start]), k, inside)
        if best is not None and found[:2] >= best[:2]:
            continue
        shown = lines(inside)
        if shown is None or (k > 2 and width(shown[-2]) < WIDOW_SHARE * room):
            continue
        best = found
    return best[2] if best else []


def _separates(word: str) -> bool:
    """Return whether `word` is, or ends in, a separator: it goes with the word after it."""
    return word in phrase.SEPARATORS or word[-1:] in phrase.SEPARATORS
