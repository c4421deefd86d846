"""Make the bundled chart font: a Korean + Latin subset of Noto Sans CJK KR.

Run on Debian with `fonts-noto-cjk` installed:

    python tools/make_font.py

It writes `src/deckgen/fonts/DeckgenSansKR-{Regular,Bold}.otf`. The subset keeps Latin,
Latin-1, general punctuation, arrows, maths operators (U+2212 minus), CJK symbols, Hangul
jamo and all 11,172 Hangul syllables. The family is renamed, as the SIL OFL 1.1 asks of a
Modified Version; the licence ships beside the fonts as `OFL.txt`.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto")
TARGET = Path(__file__).resolve().parent.parent / "src" / "deckgen" / "fonts"
FAMILY = "Deckgen Sans KR"
KOREAN_INDEX = 1  # "Noto Sans CJK KR" inside the collection

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x02B0, 0x02FF), (0x0370, 0x03FF),
    (0x1100, 0x11FF), (0x2000, 0x206F), (0x2070, 0x209F), (0x20A0, 0x20CF),
    (0x2100, 0x214F), (0x2150, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF),
    (0x2700, 0x27BF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x32FF),
    (0xA960, 0xA97F), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FF), (0xFF00, 0xFFEF),
]


def rename(font, style: str) -> None:
    """Give the subset its own family name (OFL: a Modified Version is renamed)."""
    names = {
        1: FAMILY,
        2: style,
        3: f"{FAMILY.replace(' ', '')}-{style};subset of Noto Sans CJK KR",
        4: f"{FAMILY} {style}",
        6: f"{FAMILY.replace(' ', '')}-{style}",
        16: FAMILY,
        17: style,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [names[6]]


def make(style: str) -> Path:
    """Subset one weight and return the path written."""
    font = TTCollection(str(SOURCE / f"NotoSansCJK-{style}.ttc")).fonts[KOREAN_INDEX]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    unicodes = [cp for lo, hi in RANGES for cp in range(lo, hi + 1)]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    rename(font, style)
    out = TARGET / f"DeckgenSansKR-{style}.otf"
    font.save(str(out))
    return out


if __name__ == "__main__":
    for weight in ("Regular", "Bold"):
        path = make(weight)
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB")
