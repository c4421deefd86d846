"""The settings of LibreOffice's private profile that make it set Korean as PowerPoint does.

LibreOffice adds space between Asian and Western letters and digits ("AI 는", "2025 년"): its
"autospacing" (`ParaIsCharacterDistance`, .odp's `style:text-autospace`), which PowerPoint does
not do and a .pptx has no way to turn off. Impress turns it off by default in every document it
opens when its locale is Korean or Japanese (`SdDrawDocument`'s constructor), so the profile sets
the locale to ko-KR. Nothing else in a rendered deck depends on the locale: slide text carries
its own language, and ko-KR writes numbers as en-US does ("1,234.5").
"""

from __future__ import annotations

import re
from pathlib import Path

LOCALE = "ko-KR"
ITEM = (
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
    f'oor:op="fuse"><value>{LOCALE}</value></prop></item>'
)
SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    f"{ITEM}\n"
    "</oor:items>\n"
)
_LOCALE_ITEM = re.compile(
    r'<item oor:path="/org\.openoffice\.Setup/L10N">'
    r'<prop oor:name="ooSetupSystemLocale".*?</item>\n?',
    re.S,
)
FILE = Path("user") / "registrymodifications.xcu"
"""Where a profile keeps the settings changed from LibreOffice's defaults."""


def seed(profile: Path) -> Path:
    """Set the locale of the LibreOffice profile at `profile` (made if missing, kept if it has
    settings of its own) before LibreOffice starts with it; return the settings file."""
    path = profile / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        path.write_text(SETTINGS, encoding="utf-8")
        return path
    if ITEM not in existing and "</oor:items>" in existing:
        kept = _LOCALE_ITEM.sub("", existing)
        path.write_text(kept.replace("</oor:items>", f"{ITEM}\n</oor:items>", 1), "utf-8")
    return path
