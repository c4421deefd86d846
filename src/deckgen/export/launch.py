"""How LibreOffice is started: its binary, command line, environment and private profile.

The one place that knows it: the cold conversion (`libreoffice.to_pdf`, a `soffice` per run) and
the warm office of `deckgen serve` (`office.WarmOffice`, one `soffice` kept running) both start
LibreOffice from a `Launch`, so a change here (a private fontconfig, a profile setting) reaches
every rendering deckgen makes.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from deckgen.errors import DeckgenError

INSTALL_HINT = """\
LibreOffice's `soffice` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install libreoffice-impress fonts-nanum poppler-utils
  macOS:         brew install --cask libreoffice && brew install poppler
                 (then add /Applications/LibreOffice.app/Contents/MacOS to PATH)
  Windows:       winget install TheDocumentFoundation.LibreOffice
                 (then add C:\\Program Files\\LibreOffice\\program to PATH)"""


def binary() -> str:
    """Return the path of LibreOffice's `soffice`, or raise with install instructions."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DeckgenError(INSTALL_HINT)
    return found


@dataclass(frozen=True)
class Launch:
    """How to start LibreOffice in one private profile: the command's start and its environment."""

    args: tuple[str, ...]
    env: dict[str, str]
    profile: Path

    def command(self, *extra: str) -> list[str]:
        """Return the full command line: LibreOffice's own arguments, then `extra`."""
        return [*self.args, *extra]


def prepare(work: Path) -> Launch:
    """Return how to start LibreOffice headless with a fresh profile in `work` (the caller's)."""
    profile = work / "profile"
    args = (
        binary(),
        # A profile per run: two LibreOffice processes sharing one silently produce nothing.
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
    )
    # "svp" renders without a display server, as on a machine with no desktop.
    return Launch(args, {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}, profile)
