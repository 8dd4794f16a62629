"""What the document is: a 特定個人情報保護評価書 when the scheme handles 特定個人情報, otherwise a
個人情報保護評価書 in the same structure (a voluntary assessment), worded for 個人情報.

The form catalog is written for My Number files; for a voluntary assessment its headings and labels are reworded
here (特定個人情報ファイル → 個人情報ファイル), and the items that exist only because of the My Number Act
(the use of the individual number, linkage through the information-provision network, …) are printed as
該当なし with the reason, never left blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_toolkit.catalog.texts import say
from pia_toolkit.pia.assessment.form import voluntary_wording

MY_NUMBER_ONLY: tuple[tuple[str, str], ...] = (
    ("I-5-", "na_my_number"),
    ("I-6-", "na_ipn"),
    ("III-6-", "na_ipn"),
    ("III-2-R3-number-authenticity", "na_my_number"),
    ("III-7-R1-10-", "na_my_number"),
)
"""Item id prefixes that apply only to a scheme handling 特定個人情報, and the reason printed for the others
(``pdf.<reason>`` in the message catalogue)."""


@dataclass(frozen=True)
class DocumentKind:
    my_number: bool
    """Whether the scheme handles 特定個人情報 (``checked.threshold.my_number``)."""

    def title(self, lang: str) -> str:
        """特定個人情報保護評価書（全項目評価書） or 個人情報保護評価書（全項目評価書の様式による任意の評価）."""
        return say("pdf.title_my_number" if self.my_number else "pdf.title_voluntary", lang)

    def diagram_title(self, lang: str) -> str:
        return self.word(say("pdf.diagram", lang), lang)

    def word(self, text: str, lang: str) -> str:
        return text if self.my_number or not text else voluntary_wording(text, lang)

    def not_applicable(self, item_id: str) -> str | None:
        """The catalogue key of the reason an item does not apply to this scheme, or None when it applies."""
        if self.my_number:
            return None
        return next((reason for prefix, reason in MY_NUMBER_ONLY if item_id.startswith(prefix)), None)
