"""The Japanese font the PDF is set in: IPAexGothic embedded when it can be found, else a built-in CID font.

A council member may open the PDF on any machine, so the font should travel inside the file. IPAexGothic is
looked up through fontconfig and a few usual paths; reportlab embeds the subset of glyphs actually used. Without
it, reportlab's HeiseiKakuGo-W5 is named but not embedded, and the reader substitutes whatever it has.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "PiaGothic"
CID_FALLBACK = "HeiseiKakuGo-W5"

_CANDIDATES = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/ipa-gothic/ipaexg.ttf",
    "/usr/local/share/fonts/ipaexg.ttf",
    "/Library/Fonts/ipaexg.ttf",
    "~/Library/Fonts/ipaexg.ttf",
    "~/.local/share/fonts/ipaexg.ttf",
    "~/.fonts/ipaexg.ttf",
    "C:/Windows/Fonts/ipaexg.ttf",
)

INSTALL_HINT = (
    "Install IPAex fonts to embed one: `sudo apt-get install fonts-ipaexfont` (Debian/Ubuntu), "
    "`sudo dnf install ipa-ex-gothic-fonts` (Fedora), or download ipaexg.ttf from https://moji.or.jp/ipafont/ "
    "into ~/.local/share/fonts."
)


@dataclass(frozen=True)
class PdfFont:
    """The registered font: its reportlab name, whether it is embedded, and which characters it can draw."""

    name: str
    embedded: bool
    path: Path | None = None
    _cmap: frozenset[int] = field(default=frozenset(), repr=False)

    def has(self, char: str) -> bool:
        if self.embedded:
            return ord(char) in self._cmap
        # The CID font covers the JIS X 0208 repertoire; outside the Basic Multilingual Plane it has nothing.
        return ord(char) <= 0xFFFF and not 0xD800 <= ord(char) <= 0xDFFF

    @property
    def warning(self) -> str | None:
        if self.embedded:
            return None
        return (
            "no Japanese TrueType font (IPAexGothic) was found; the PDF names the built-in font "
            f"{CID_FALLBACK} without embedding it, so readers without it may see substituted glyphs. {INSTALL_HINT}"
        )


def _fc_match() -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", "IPAexGothic:lang=ja"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out) if out else None
    if path and path.suffix.lower() in (".ttf", ".otf") and "ipaex" in path.name.lower() and path.is_file():
        return path
    if path and path.name == "fonts-japanese-gothic.ttf" and path.is_file():
        return path
    return None


def find_font_file() -> Path | None:
    """Where IPAexGothic is on this machine, or None."""
    for candidate in _CANDIDATES:
        path = Path(candidate).expanduser()
        if path.is_file():
            return path
    return _fc_match()


@cache
def register_font(prefer_embedded: bool = True) -> PdfFont:
    """Register the document font once per process and describe it."""
    path = find_font_file() if prefer_embedded else None
    if path is not None:
        try:
            font = TTFont(REGULAR, str(path))
            pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=REGULAR, italic=REGULAR, boldItalic=REGULAR)
            return PdfFont(REGULAR, True, path, frozenset(font.face.charToGlyph))
        except Exception:  # a broken font file must not stop the export; fall back below
            pass
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    pdfmetrics.registerFontFamily(
        CID_FALLBACK, normal=CID_FALLBACK, bold=CID_FALLBACK, italic=CID_FALLBACK, boldItalic=CID_FALLBACK
    )
    return PdfFont(CID_FALLBACK, False)


SYMBOLS = "PiaSymbols"
_SYMBOL_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
    "C:/Windows/Fonts/seguisym.ttf",
)


@cache
def symbol_font() -> PdfFont | None:
    """A font for the few marks the Japanese font lacks (⚠ in the diagram's finding badges), or None."""
    paths = [Path(c) for c in _SYMBOL_CANDIDATES]
    if shutil.which("fc-match") is not None:
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", "sans:charset=26a0"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
            if found:
                paths.insert(0, Path(found))
        except (OSError, subprocess.SubprocessError):
            pass
    for path in paths:
        if path.is_file() and path.suffix.lower() == ".ttf":
            try:
                font = TTFont(SYMBOLS, str(path))
                pdfmetrics.registerFont(font)
                return PdfFont(SYMBOLS, True, path, frozenset(font.face.charToGlyph))
            except Exception:  # an unreadable font file: the marks fall back to plain characters
                continue
    return None
