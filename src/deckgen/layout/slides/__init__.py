"""One module per slide type, or family of types: each lays out the slides of its types.

A module names the model classes it lays out in `SLIDES`, the designs (slide layouts) its slides
use in `designs(grid)`, and returns their slide plans from `compose(composer, slide, path)`. A
new slide type is a model class in `deckgen.outline.model` and a module here: `for_slide` finds
it, and `designs` gathers its designs into deckgen's base package.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from deckgen.errors import Path
from deckgen.layout.compose import Composer
from deckgen.layout.design import Design
from deckgen.layout.grid import Grid
from deckgen.layout.shapes import SlidePlan
from deckgen.outline.model import SLIDES, Slide

Compose = Callable[[Composer, Any, Path], list[SlidePlan]]
"""Return the plans of one outline slide (several when it is split to fit)."""


@functools.cache
def _modules() -> tuple[Any, ...]:
    """Return the modules of this package, by name."""
    found = sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    return tuple(importlib.import_module(f"{__name__}.{info.name}") for info in found)


def designs(grid: Grid) -> list[Design]:
    """Return the designs of every slide type, for the slides of `grid`'s size."""
    return [design for module in _modules() for design in module.designs(grid)]


@functools.cache
def _registry() -> dict[type, Compose]:
    """Return the layout function of every slide class, from the modules of this package."""
    found: dict[type, Compose] = {}
    for module in _modules():
        for cls in module.SLIDES:
            if cls in found:
                raise TypeError(f"{cls.__name__} is laid out by two modules")
            found[cls] = module.compose
    missing = [cls.__name__ for cls in SLIDES if cls not in found]
    if missing:
        raise TypeError(f"no layout module for {', '.join(missing)}")
    return found


def for_slide(slide: Slide) -> Compose:
    """Return the function that lays out `slide`."""
    return _registry()[type(slide)]
