"""Write a deck by rewriting only the slides that changed since the last package written.

A slide's XML depends on its plan, its pictures and the deck's settings, not on the other
slides, save for its slide-number field. So a changed slide is written alone, as a one-slide
deck, and its slide, notes and picture parts take the place of the old ones in the last package.
Anything else (another slide count, new links, native charts, other settings) is written whole.
The bytes are those `slides.write` gives: tests/test_watch.py checks it edit by edit.

`deckgen watch` keeps the last package in memory; `deckgen build` keeps a digest of each slide
beside the chart cache and reads the last package back from the output file, if that file is
still the one it wrote.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen import __version__
from deckgen.compose import PictureShape, SlidePlan

if TYPE_CHECKING:
    from deckgen.model import Deck

SPLICE_MAX = 8
"""Changed slides past which the whole deck is written: about as quick, and simpler."""
_REL = re.compile(
    rb'<Relationship Id="([^"]+)" Type="[^"]*/([A-Za-z]+)" Target="([^"]*)"'
    rb'( TargetMode="External")?/>'
)
_SLIDE_NUMBER = re.compile(
    rb'(<a:fld [^>]*type="slidenum"[^>]*>(?:(?!</a:fld>).)*?<a:t>)(\d+)(</a:t>)', re.S
)


@dataclass
class _Written:
    settings: str
    slides: list[str]
    """A digest of each slide's plan and pictures."""
    data: bytes


class Reuse:
    """A stand-in for `slides.write` that rewrites only what changed since its last call.

    With `state` (a file), what was written is remembered across processes, together with the
    `output` file it went to; without, in memory only.
    """

    def __init__(self, state: Path | None = None, output: Path | None = None) -> None:
        self.state, self.output = state, output
        self.last: _Written | None = None
        self.reused = 0
        """Slides written alone by the last call (0: the whole deck was written, or nothing)."""

    def __call__(
        self, deck: Deck, plans: Sequence[SlidePlan], pictures: Sequence, template: Path | None
    ) -> bytes:
        """Return the bytes of a .pptx holding `plans`, exactly as `slides.write` would."""
        from deckgen import slides

        settings = _settings(deck, template)
        last = self.last if self.last is not None else self._load()
        self.reused = 0
        data = None
        digests: list[str] = []
        if last is not None and last.settings == settings and len(last.slides) == len(plans):
            digests = [_digest(plan, pictures) for plan in plans]
            pairs = zip(last.slides, digests, strict=True)
            changed = [i for i, (old, new) in enumerate(pairs) if old != new]
            if not changed:
                data = last.data
            elif len(changed) <= SPLICE_MAX:
                alone = slides.write(deck, [plans[i] for i in changed], pictures, template)
                data = _splice(last.data, alone, changed)
                self.reused = len(changed) if data is not None else 0
        if data is None:
            # Pictures still being drawn are waited for one by one, as the writer reaches them.
            data = slides.write(deck, plans, pictures, template)
        self.last = _Written(settings, digests or [_digest(p, pictures) for p in plans], data)
        self._save(self.last)
        return data

    def _load(self) -> _Written | None:
        """Return what was last written to the output, if the output still holds it."""
        if self.state is None or self.output is None:
            return None
        try:
            state = json.loads(self.state.read_text(encoding="utf-8"))
            data = self.output.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(state, dict) or state.get("output") != _sha(data):
            return None  # the output was written by someone else since
        return _Written(state.get("settings", ""), list(state.get("slides", [])), data)

    def _save(self, written: _Written) -> None:
        """Remember `written` for the next build; a state that cannot be kept costs only time."""
        if self.state is None:
            return
        from deckgen.files import _TEMP_PREFIX

        text = json.dumps(
            {"settings": written.settings, "slides": written.slides, "output": _sha(written.data)}
        )
        with contextlib.suppress(OSError):
            self.state.parent.mkdir(parents=True, exist_ok=True)
            temp = self.state.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{self.state.name}.tmp")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, self.state)


def state_file(cache: Path, output: Path) -> Path:
    """Return where the build writing `output` keeps its slides' digests, in the chart cache."""
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return cache / f"slides-{name}.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _settings(deck: Deck, template: Path | None) -> str:
    """Return a digest of all that every slide depends on: the deck's settings and the code."""
    import lxml.etree
    import pptx

    files = [template] if template is not None else []
    files += [*sorted(Path(__file__).parent.glob("*.py")), Path(pptx.__file__)]
    what = [
        deck.model_dump(mode="json", exclude={"sections"}),
        [_stamp(path) for path in files],
        [__version__, pptx.__version__, lxml.etree.LXML_VERSION],
    ]
    return _sha(json.dumps(what, sort_keys=True, ensure_ascii=False).encode())


def _stamp(path: Path) -> list:
    """Return what tells a changed file apart: its name, size and modification time."""
    stat = path.stat()
    return [str(path), stat.st_size, stat.st_mtime_ns]


def _digest(plan: SlidePlan, pictures: list) -> str:
    """Return a digest of a slide: its plan and the pictures it shows."""
    digest = hashlib.sha256(repr(plan).encode())
    for shape in plan.shapes:
        if isinstance(shape, PictureShape):
            picture = pictures[shape.figure]
            data = getattr(picture, "data", None)
            if data is not None:  # an image: its bytes by their hash, the rest as written
                digest.update(hashlib.sha256(data).digest())
                picture = dataclasses.replace(picture, data=b"")
            digest.update(repr(picture).encode())
    return digest.hexdigest()


def _splice(last: bytes, alone: bytes, changed: list[int]) -> bytes | None:
    """Return package `last` with slides `changed` replaced by those of `alone`, or None."""
    one = zipfile.ZipFile(io.BytesIO(alone))
    package = zipfile.ZipFile(io.BytesIO(last))
    parts: dict[str, bytes] = {}
    for position, i in enumerate(changed, start=1):
        old_rels = _relationships(package, f"ppt/slides/_rels/slide{i + 1}.xml.rels")
        new_rels = _relationships(one, f"ppt/slides/_rels/slide{position}.xml.rels")
        if old_rels is None or new_rels is None or len(old_rels) != len(new_rels):
            return None
        for (old_id, kind, old_target, external), new in zip(old_rels, new_rels, strict=True):
            new_id, new_kind, new_target, new_external = new
            if (old_id, kind, external) != (new_id, new_kind, new_external):
                return None
            if kind in (b"notesSlide", b"image"):  # named by their order in the package
                parts[_resolve(old_target)] = one.read(_resolve(new_target))
            elif kind not in (b"slideLayout", b"hyperlink") or old_target != new_target:
                return None
        xml = one.read(f"ppt/slides/slide{position}.xml")
        numbers = [number for _start, number, _end in _SLIDE_NUMBER.findall(xml)]
        if any(number != str(position).encode() for number in numbers):
            return None
        parts[f"ppt/slides/slide{i + 1}.xml"] = _SLIDE_NUMBER.sub(
            lambda m, n=i + 1: m.group(1) + str(n).encode() + m.group(3), xml
        )
    return _rezip(package, parts)


def _relationships(package: zipfile.ZipFile, name: str) -> list[tuple] | None:
    """Return the (id, kind, target, external) of each relationship in `name`, or None."""
    try:
        xml = package.read(name)
    except KeyError:
        return None
    found = _REL.findall(xml)
    return found if len(found) == xml.count(b"<Relationship ") else None


def _resolve(target: bytes) -> str:
    """Return the zip name of a slide's relationship target ("../media/image3.png")."""
    return posixpath.normpath(posixpath.join("ppt/slides", target.decode()))


def _rezip(package: zipfile.ZipFile, parts: dict[str, bytes]) -> bytes:
    """Return `package` with `parts` replaced, each entry zipped as before (fixed dates)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in package.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = parts.get(info.filename)
            target.writestr(entry, package.read(info) if data is None else data, compresslevel=6)
    return out.getvalue()
