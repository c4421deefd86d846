"""python-pptx's private internals: every use of them, each behind a small named function.

deckgen reaches past python-pptx's public API where it offers nothing: the XML behind a shape,
part or chart element (`_element`, `_rPr`, `_txBody`, `_dLbl`, `_spTree`, `_sldIdLst`), a part's
bytes (`_blob`), its zip writer (`PackageWriter._write_*`, for fixed dates), and the files of its
default presentation (`templates/`). Any release may rename them, so the range deckgen is tested
with is pinned in pyproject.toml and `require` checks the installed version before any of them is
used: an unsupported python-pptx is one clear line, not an AttributeError reported as a template
that "could not be opened". No other module touches python-pptx's private names
(tests/pptx/test_internals.py reads the source to hold this).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from deckgen import cache
from deckgen.errors import DeckgenError

if TYPE_CHECKING:
    from pptx.opc.packuri import PackURI
    from pptx.presentation import Presentation

SUPPORTED = ">=1.0.2,<1.1"
"""The python-pptx releases deckgen is tested with (pyproject.toml pins the same range)."""
LOWEST = (1, 0, 2)
BELOW = (1, 1)


def require() -> None:
    """Raise DeckgenError unless the installed python-pptx is one deckgen supports."""
    problem = unsupported(cache.library_version("python-pptx", "pptx"))
    if problem:
        raise DeckgenError(problem)


@lru_cache(maxsize=4)
def unsupported(version: str) -> str:
    """Return why python-pptx `version` cannot be used ("" when it can)."""
    if version in ("none", "unknown"):
        return f"python-pptx is not installed; deckgen needs python-pptx{SUPPORTED}"
    found = _RELEASE.match(version)
    if found is not None:
        release = tuple(int(part or 0) for part in found.group(1, 2, 3))
        early = found.group(4) is not None  # 1.0.2rc1 comes before 1.0.2
        if LOWEST <= release < BELOW and not (early and release == LOWEST):
            return ""
    return f"python-pptx {version} is not supported; deckgen needs {SUPPORTED}"


_RELEASE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview|dev))?")
"""A version's release numbers, and whether a pre-release or development marker follows."""


# --- the XML behind python-pptx's objects -------------------------------------------------------
# Each returns an lxml element of python-pptx's own classes (typed Any, as python-pptx leaves
# these attributes): the callers find, read and change the XML below it.


def element(thing: Any) -> Any:
    """Return the XML element behind a python-pptx shape, slide, part, axis, plot or format."""
    return thing._element


def slide_id_list(prs: Presentation) -> Any:
    """Return the presentation's `p:sldIdLst`, the list of its slides."""
    return prs.slides._sldIdLst


def shape_tree(shapes: Any) -> Any:
    """Return the `p:spTree` of a slide's shapes."""
    return shapes._spTree


def run_properties(font: Any) -> Any:
    """Return the `a:rPr` (or `a:defRPr`) element a python-pptx font writes to, made if need be."""
    return font._rPr


def text_body(frame: Any) -> Any:
    """Return the `a:txBody` (or `c:rich`) element of a text frame."""
    return frame._txBody


def data_label(label: Any) -> Any:
    """Return a point's `c:dLbl` element, which setting its position or font has made."""
    found = label._dLbl
    if found is None:
        raise ValueError("the data label has no c:dLbl element yet")
    return found


def data_label_made(label: Any) -> Any:
    """Return a point's `c:dLbl` element, made if it has none."""
    return label._get_or_add_dLbl()


def set_blob(part: Any, blob: bytes) -> None:
    """Replace the bytes of a part that python-pptx keeps as bytes (a theme, app properties)."""
    part._blob = blob


# --- writing a package --------------------------------------------------------------------------


def write_package(prs: Presentation, write: Callable[[PackURI, bytes], None]) -> None:
    """Pass each member of `prs`'s package to `write(name, bytes)`, as `Presentation.save`
    writes them: content types, the package's relationships, then each part and its
    relationships."""
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    writer = PackageWriter(cast("IO[bytes]", None), package._rels, tuple(package.iter_parts()))
    sink = cast("Any", _Sink(write))
    writer._write_content_types_stream(sink)
    writer._write_pkg_rels(sink)
    writer._write_parts(sink)


class _Sink:
    """What PackageWriter writes members to, handing each to a function."""

    def __init__(self, write: Callable[[PackURI, bytes], None]) -> None:
        self.write = write


# --- python-pptx's default presentation ---------------------------------------------------------


def template_file(name: str) -> bytes:
    """Return one of python-pptx's template files, such as `notesMaster.xml`."""
    return (_templates() / name).read_bytes()


def default_part(name: str) -> bytes:
    """Return a member of python-pptx's default presentation, such as `docProps/app.xml`."""
    with zipfile.ZipFile(_templates() / "default.pptx") as archive:
        return archive.read(name)


def _templates() -> Path:
    """Return python-pptx's folder of template files (read, not imported)."""
    require()
    spec = find_spec("pptx")
    if spec is None or spec.origin is None:
        raise DeckgenError(f"python-pptx is not installed; deckgen needs python-pptx{SUPPORTED}")
    return Path(spec.origin).parent / "templates"
