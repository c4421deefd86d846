"""The package's shape: imports point only down the pipeline, and each library has one home.

Data flows cli -> commands -> outline -> layout -> figures -> pptx -> export -> web (the page of
`deckgen serve`, which shows what export rendered). Each stage imports the stages whose output it
takes (layout reads the model, the writer draws what layout planned with the figures' colours),
never a later one, and nothing imports the command line. The graph is
read from the source with `ast`, lazy imports inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "deckgen"

LAYERS = (
    ("deckgen", "deckgen.errors", "deckgen.files", "deckgen.cache", "deckgen.colors"),
    ("deckgen.fonts",),
    ("deckgen.outline",),
    ("deckgen.layout",),
    ("deckgen.figures",),
    ("deckgen.pptx",),
    ("deckgen.export",),
    ("deckgen.web",),
    ("deckgen.commands",),
    ("deckgen.cli", "deckgen.__main__"),
)
"""Lowest first: a module may import modules of its own layer or of a lower one."""

FAMILIES = {
    "deckgen.layout.slides": (),
    # serve follows the deck with watch's loop and reports its builds as watch does; a build
    # starts its drawing first (early), which the command line does before it loads the build.
    "deckgen.commands": (
        "deckgen.commands.build",
        "deckgen.commands.watch",
        "deckgen.commands.early",
    ),
}
"""Sibling modules that must not import each other (but for the shared ones named here)."""

HOMES = {
    "yaml": ("deckgen.outline.reader", "deckgen.outline.edit"),  # reads it; writes values back
    "matplotlib": ("deckgen.figures.draw",),
    "pptx": ("deckgen.pptx",),
    "click": ("deckgen.cli",),
}
"""Libraries only these modules (or packages) may import."""


def modules() -> dict[str, Path]:
    """Return every module of the package by its dotted name."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(name: str) -> set[str]:
    """Return every module `name` imports: absolute names, `from x import y` resolved to x.y."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return found


def layer(name: str) -> int:
    """Return the layer of a deckgen module: that of the longest prefix LAYERS names."""
    best, index = "", -1
    for number, names in enumerate(LAYERS):
        for prefix in names:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > len(best):
                best, index = prefix, number
    if index < 0:
        raise AssertionError(f"{name} is in no layer: add its package to LAYERS")
    return index


def within(name: str, prefix: str) -> bool:
    """Return whether module `name` is `prefix` or lies in it."""
    return name == prefix or name.startswith(prefix + ".")


GRAPH = {name: imports(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down_the_pipeline(name):
    upward = [target for target in GRAPH[name] if target in MODULES and layer(target) > layer(name)]
    assert upward == [], f"{name} imports a later stage: {upward}"


def test_sibling_modules_do_not_import_each_other():
    sideways = []
    for family, shared in FAMILIES.items():
        members = [n for n in MODULES if n.rpartition(".")[0] == family]
        for name in members:
            for target in GRAPH[name]:
                if target in members and target != name and target not in shared:
                    sideways.append(f"{name} -> {target}")
    assert sideways == []


def test_the_import_graph_has_no_cycle():
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH[name]):
            if target not in MODULES or target == name:
                continue
            if state.get(target) == 1:
                cycle = [*trail[trail.index(target) :], target] if target in trail else [target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("library", sorted(HOMES))
def test_each_library_is_imported_only_in_its_home(library):
    strays = sorted(
        name
        for name, targets in GRAPH.items()
        if any(within(t, library) for t in targets)
        and not any(within(name, home) for home in HOMES[library])
    )
    assert strays == []


def test_the_model_imports_nothing_from_the_project():
    assert [t for t in GRAPH["deckgen.outline.model"] if within(t, "deckgen")] == []


def test_every_slide_type_has_its_layout_module():
    from deckgen.layout import slides
    from deckgen.outline.model import SLIDES

    for cls in SLIDES:
        assert slides.for_slide.__module__ == "deckgen.layout.slides"
        assert cls in slides._registry(), cls.__name__


def test_the_graph_reader_sees_lazy_and_type_only_imports():
    """The checks above are real: the reader finds imports inside functions and guards."""
    assert "deckgen.pptx.template" in GRAPH["deckgen.commands.build"]  # inside a function
    assert "matplotlib.figure" in GRAPH["deckgen.figures.draw"]  # under TYPE_CHECKING
    assert layer("deckgen.pptx.writer") > layer("deckgen.layout.shapes")
