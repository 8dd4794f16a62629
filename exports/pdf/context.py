"""What every part of the PDF needs while it is built: the checked, the language, the font and the styles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from pia_toolkit.catalog.rules import RuleMeta
from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.exports.diagram.legibility import SheetPlan
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.fonts import PdfFont
from pia_toolkit.exports.pdf.kind import DocumentKind
from pia_toolkit.exports.pdf.labels import t
from pia_toolkit.exports.pdf.text import JaParagraph, ident, markup
from pia_toolkit.flows.schema import Titled, title_in
from pia_toolkit.pia.assessment.review_record import ReviewRecord
from pia_toolkit.pia.checked import CheckedModel

UNKNOWN = "unknown"
CHUNK_ROWS = 25
"""Rows per table of a long list (see :meth:`Ctx.tables`)."""


@dataclass
class Heading:
    """A heading that goes into the table of contents and the PDF outline."""

    level: int
    text: str
    key: str


Audience = Literal["council", "internal"]


@dataclass
class Ctx:
    checked: CheckedModel
    lang: str
    public: bool
    font: PdfFont
    st: styles.Styles
    warnings: list[str] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)
    audience: Audience = "council"
    """council: no file paths or line numbers anywhere; internal: an appendix says where each finding is written."""
    with_findings: bool = False
    """The public version with a summary of the findings (never the register itself)."""
    paper: str = "a4"
    """a4 or a3: the paper the 別添1 diagram sheets are set on."""
    review: ReviewRecord | None = None
    kind: DocumentKind = field(default_factory=lambda: DocumentKind(True))
    diagram_plan: SheetPlan | None = None
    """The 別添1 sheets as printed (their scales give the printed point sizes)."""
    diagram_problem: str | None = None
    """Why there is no diagram: ``graphviz`` when dot is missing, else the error."""

    @property
    def internal(self) -> bool:
        return self.audience == "internal" and not self.public

    @property
    def shows_findings(self) -> bool:
        """The findings register, the review's comments and the contradiction flags: not in the public version."""
        return not self.public

    @property
    def version_key(self) -> str:
        """Which version of the document this is, as the cover and the header say it."""
        if self.public:
            return "version_public_findings" if self.with_findings else "version_public"
        return "version_internal" if self.internal else "version_council"

    # ---- marks ----------------------------------------------------------------------------------------
    @property
    def on(self) -> str:
        return "☑" if self.font.has("☑") else "■"

    @property
    def off(self) -> str:
        return "☐" if self.font.has("☐") else "□"

    # ---- text -----------------------------------------------------------------------------------------
    def text(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def rule_title(self, rule: RuleMeta) -> str:
        """A rule's title worded for the kind of document (個人情報 where no 特定個人情報 is handled)."""
        return self.form_text(rule.text("title", self.lang))

    def form_text(self, text: str) -> str:
        """A text of the form, worded for the kind of document (個人情報 where no 特定個人情報 is handled)."""
        return self.kind.word(text, self.lang)

    def ident(self, value: Any) -> str:
        """A machine id as markup that breaks only after its separators (@ > # _ +)."""
        return ident(self.markup(value))

    def markup(self, text: Any) -> str:
        """User text as safe markup."""
        return markup(text, self.font)

    def paragraph(self, text_markup: str, style: ParagraphStyle | None = None) -> JaParagraph:
        """A paragraph from markup that is already safe (use :meth:`markup` for user text)."""
        return JaParagraph(text_markup, style or self.st.body)

    def head_row(self, keys: list[str]) -> list[JaParagraph]:
        """A table's header row: the words of ``keys`` in the header style."""
        return [self.paragraph(self.markup(self.text(key)), self.st.cell_head) for key in keys]

    def grey(self, text: Any) -> str:
        return f'<font color="#6b6b6b">{self.markup(text)}</font>'

    def withheld(self) -> str:
        return f'<font color="#6b6b6b">{self.markup(self.text("withheld"))}</font>'

    def value(self, value: Any) -> str:
        """A model attribute as markup: unknown and missing say so instead of printing ``unknown``."""
        if value is None or value == "" or value == [] or value == UNKNOWN:
            return self.grey(self.text("unknown"))
        if value is True or value is False:
            return self.text("yes" if value else "no")
        if isinstance(value, list | tuple):
            return self.sep().join(self.markup(v) for v in value)
        return self.markup(value)

    def term(self, vocab: str, key: str | None) -> str:
        if key is None or key == UNKNOWN:
            return self.text("unknown")
        return vocabulary(vocab).label(key, self.lang)

    def title_of(self, element: Titled | None) -> str:
        """A model element's title in the reader's language (its ``title_en`` when English is asked for)."""
        return title_in(element, self.lang) if element is not None else ""

    def node_title(self, node_id: str) -> str:
        node = self.checked.graph.nodes.get(node_id)
        return self.title_of(node) if node else node_id

    def data_title(self, data_id: str) -> str:
        item = self.checked.graph.data.get(data_id)
        return self.title_of(item) if item else data_id

    def sep(self) -> str:
        return say("common.list_separator", self.lang)

    # ---- structure ------------------------------------------------------------------------------------
    def heading(self, level: int, text: str, key: str | None = None, style: ParagraphStyle | None = None) -> Flowable:
        """A heading paragraph that registers itself in the TOC and the outline when it is laid out."""
        base = key or f"h{len(self._keys)}"
        unique = base
        n = 1
        while unique in self._keys:
            n += 1
            unique = f"{base}-{n}"
        self._keys.add(unique)
        chosen = style or (self.st.h1, self.st.h2, self.st.h3)[min(level, 2)]
        para = JaParagraph(self.markup(text), chosen)
        para._pia_heading = Heading(level, self.markup(text), unique)
        para._pia_outline_text = text
        para.keepWithNext = True
        return para

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        label_col: bool = False,
        extra: list[tuple[Any, ...]] | None = None,
    ) -> Table:
        """A ruled table: header row filled, optional first-column fill, splittable across pages."""
        table = Table(
            rows,
            colWidths=widths,
            repeatRows=1 if header else 0,
            splitByRow=1,
            splitInRow=1,  # a long answer continues on the next page instead of failing the layout
            hAlign="LEFT",
        )
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.4, styles.RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), styles.HEAD_FILL))
        if label_col:
            commands.append(("BACKGROUND", (0, 1 if header else 0), (0, -1), styles.LABEL_FILL))
        commands.extend(extra or [])
        table.setStyle(TableStyle(commands))
        return table

    def tables(self, rows: list[list[Any]], widths: list[float], *, chunk: int = CHUNK_ROWS) -> list[Flowable]:
        """A long ruled table with a header row as tables of at most ``chunk`` rows, each repeating the header.

        reportlab measures every remaining row again each time a table is split across a page, which makes one
        long table quadratic in its rows; chunks keep a 500-step table linear (and every chunk that continues
        on a new page still starts with its header)."""
        head, body = rows[0], rows[1:]
        if len(body) <= chunk:
            return [self.table(rows, widths)]
        return [self.table([head, *body[start : start + chunk]], widths) for start in range(0, len(body), chunk)]

    def listing(self, head: list[str], shares: Sequence[float], body: list[list[Any]]) -> list[Flowable]:
        """A ruled table across the portrait frame: a header row with the words of ``head``, then ``body``, in
        columns that share the frame's width as ``shares`` say."""
        return self.tables([self.head_row(head), *body], [styles.FRAME_WIDTH * share for share in shares])

    def boxed_note(self, title: str, body_markup: str, width: float, fill: colors.Color = styles.NOTE_FILL) -> Table:
        box = Table(
            [[[self.paragraph(f"<b>{self.markup(title)}</b>", self.st.h4), self.paragraph(body_markup, self.st.note)]]],
            colWidths=[width],
        )
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#b9770e")),
                    ("BACKGROUND", (0, 0), (-1, -1), fill),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return box
