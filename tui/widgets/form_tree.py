"""The form's sections and items as a tree, with progress per section and marks per item.

Labels are Rich ``Text`` built piece by piece (never parsed as markup), coloured with the current theme's
variables so they stay readable on light and dark themes.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.tui.state import ItemMarks, Progress, ReviewState
from pia_toolkit.tui.strings import Strings

VERDICT_COLOURS = {"adequate": "success", "needs_improvement": "warning", "needs_correction": "error"}


class FormTree(Tree[str]):
    """Node data: ``"section:<id>"`` or the item id."""

    def __init__(self, state: ReviewState, strings: Strings, **kwargs: object) -> None:
        super().__init__("form", **kwargs)  # type: ignore[arg-type]
        self.state = state
        self.texts = strings
        self.show_root = False
        self.guide_depth = 2
        self.item_nodes: dict[str, TreeNode[str]] = {}
        self.section_nodes: dict[str, TreeNode[str]] = {}
        self.item_order: list[str] = []
        self.filter_mode = "all"
        self._colours: dict[str, str] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self._colours = None
        self.refresh_all_labels()

    # ---- building -------------------------------------------------------------------------------------
    def rebuild(self, filter_mode: str) -> None:
        self.filter_mode = filter_mode
        self.clear()
        self.item_nodes.clear()
        self.section_nodes.clear()
        self.item_order = []
        for section in self.state.sections:
            shown = [item for item in section.items if self.state.visible(item, filter_mode)]
            if not shown:
                continue
            node = self.root.add(self._section_label(section.id), data=f"section:{section.id}", expand=True)
            self.section_nodes[section.id] = node
            for item in shown:
                self.item_nodes[item.id] = node.add_leaf(self._item_label(item.id), data=item.id)
                self.item_order.append(item.id)

    def refresh_item(self, item_id: str) -> None:
        node = self.item_nodes.get(item_id)
        if node is not None:
            node.set_label(self._item_label(item_id))
        section_id = self.state.item(item_id).section
        section = self.section_nodes.get(section_id)
        if section is not None:
            section.set_label(self._section_label(section_id))

    def refresh_all_labels(self) -> None:
        for item_id, node in self.item_nodes.items():
            node.set_label(self._item_label(item_id))
        for section_id, node in self.section_nodes.items():
            node.set_label(self._section_label(section_id))

    def focus_item(self, item_id: str) -> bool:
        """Put the cursor on an item, opening its section; False when the item is not in the tree."""
        node = self.item_nodes.get(item_id)
        if node is None:
            return False
        parent = node.parent
        if parent is not None and not parent.is_expanded:
            parent.expand()
            self.call_after_refresh(self.move_cursor, node)
        else:
            self.move_cursor(node)
        return True

    # ---- labels ---------------------------------------------------------------------------------------
    def _style(self, variable: str, bold: bool = False) -> Style:
        """A theme colour as a Rich style; the ``text-*`` variables are the ones legible on the background."""
        if variable == "muted":
            return Style(dim=True, bold=bold)
        if self._colours is None:  # asking the app for its variables is slow: once per build or theme change
            self._colours = self.app.get_css_variables()
        colour = self._colours.get(f"text-{variable}")
        return Style(color=colour, bold=bold) if colour and colour.startswith("#") else Style(bold=bold)

    def _item_label(self, item_id: str) -> Text:
        item = self.state.item(item_id)
        marks = self.state.marks(item_id)
        label = self.marks_text(marks)
        if self.filter_mode == "changed":  # before the label: the tree cuts long rows at its edge
            change = self.state.change_texts(item_id)
            if change is not None:
                before, after = (_short(visible(t, lines=False)) or "—" for t in change)
                label.append(f"{before} → {after} ", style=self._style("warning"))
        if item.number:
            label.append(item.number + " ", style=self._style("muted"))
        label.append(item.text(self.texts.lang))
        return label

    def marks_text(self, marks: ItemMarks) -> Text:
        text = Text()
        text.append("✓" if marks.answered else "·", style=self._style("success" if marks.answered else "muted"))
        text.append("※" if marks.significant else " ", style=self._style("accent"))
        if marks.contradiction:
            text.append("⚠", style=self._style("error", bold=True))
        elif marks.open_findings:
            text.append("⚠", style=self._style("warning"))
        else:
            text.append(" ")
        if marks.verdict:
            known = marks.verdict in VERDICT_COLOURS  # a hand-edited file may hold anything
            mark = self.texts(f"mark_{marks.verdict}") if known else "? "
            text.append(mark, style=self._style(VERDICT_COLOURS.get(marks.verdict, "primary"), bold=True))
        else:
            text.append("  ")
        return text

    def _section_label(self, section_id: str) -> Text:
        section = next(s for s in self.state.sections if s.id == section_id)
        progress = self.state.section_progress(section)
        return self.progress_text(progress, section.text(self.texts.lang))

    def progress_text(self, progress: Progress, title: str) -> Text:
        text = Text()
        done = progress.answered == progress.total
        # Counts first: long section titles are cut at the tree's edge, the counts must stay visible.
        text.append(f"{progress.answered}/{progress.total}", style=self._style("success") if done else Style())
        text.append(f" {self.texts('mark_verdicts')}{progress.verdicts}", style=self._style("muted"))
        if progress.open_findings:
            colour = "error" if progress.contradictions else "warning"
            text.append(f" ⚠{progress.open_findings}", style=self._style(colour, bold=True))
        text.append(" ")
        text.append(title, style=Style(bold=True))
        return text


def _short(text: str, width: int = 12) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
