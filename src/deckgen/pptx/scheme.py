"""A theme's colour and font scheme, and the error a template is refused with: what every build
needs of templates, apart from `template` (a build on deckgen's own base need not import it)."""

from __future__ import annotations

from lxml import etree

from deckgen.pptx.xml import NS

COLOR_SLOTS = {"primary": "accent1", "accent": "accent2", "text": "dk1", "background": "lt1"}
"""The theme slot each of the deck's colours stands for."""


class TemplateError(ValueError):
    """The file is not a usable template; the message says why."""


def write_scheme(
    root: etree._Element, slots: dict[str, str], latin: str | None, east_asian: str | None
) -> None:
    """Write colours (by theme slot, such as accent1) and typefaces into a theme's XML."""
    scheme = root.find(".//a:clrScheme", NS)
    for name, value in slots.items():
        slot = scheme.find(f"a:{name}", NS) if scheme is not None else None
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{NS['a']}}}srgbClr", val=value.lstrip("#").upper())
    for group in root.iterfind(".//a:fontScheme/*", NS):
        latin_el, ea = group.find("a:latin", NS), group.find("a:ea", NS)
        if latin and latin_el is not None:
            latin_el.set("typeface", latin)
        if east_asian and ea is not None:
            ea.set("typeface", east_asian)
            for script in group.findall("a:font[@script='Hang']", NS):
                script.set("typeface", east_asian)
