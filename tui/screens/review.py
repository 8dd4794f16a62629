"""The main screen: the form as a tree on the left, the current item on the right, keys for everything."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static, Tree

from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.pia.assessment.document import VERDICTS
from pia_toolkit.tui.context import InReviewApp
from pia_toolkit.tui.state import step
from pia_toolkit.tui.strings import Strings
from pia_toolkit.tui.widgets.form_tree import FormTree
from pia_toolkit.tui.widgets.item_panel import ItemPanel
from pia_toolkit.tui.widgets.key_footer import KeyFooter
from pia_toolkit.tui.widgets.status import SavedState

# (keys, action, text key, shown in the footer, key shown)
KEYS: list[tuple[str, str, str, bool, str | None]] = [
    # In footer order: at 80 columns the footer holds about ten keys, so what a reviewer does on every item
    # (answer, comment, action, commit, the help that lists the rest) comes first, then moving.
    ("e", "edit_answer", "k_edit", True, None),
    ("m", "edit_comment", "k_comment", True, None),
    ("a", "edit_action", "k_action", True, None),
    ("ctrl+s", "commit", "k_save", True, "^s"),
    ("question_mark", "keys", "k_keys", True, "?"),
    ("n", "next_item", "k_nextprev", True, "n/p"),
    ("j", "next_item", "k_next", False, None),
    ("p", "prev_item", "k_prev", False, None),
    ("k", "prev_item", "k_prev", False, None),
    ("1", "verdict('adequate')", "k_verdict", True, "1-3"),
    ("2", "verdict('needs_improvement')", "k_improve", False, None),
    ("3", "verdict('needs_correction')", "k_correct", False, None),
    ("0", "verdict('')", "k_clear_verdict", False, None),
    ("F", "cycle_filter", "k_filter", True, "F"),
    ("u", "next_unanswered", "k_unanswered", True, None),
    ("f", "next_finding", "k_finding", True, None),
    ("c", "next_contradiction", "k_contradiction", True, None),
    ("slash", "search", "k_search", True, "/"),
    ("l", "findings", "k_findings", True, None),
    ("r", "triage", "k_triage", True, None),
    ("q", "quit_review", "k_quit", True, None),
    ("y", "source", "k_source", True, None),
    ("t", "threshold", "k_threshold", True, None),
    ("d", "diagram", "k_diagram", True, None),
    ("x", "export", "k_export", True, None),
    ("escape", "back", "k_tree", True, "esc"),
]


def bind_localised(node: DOMNode, keys: list[tuple[str, str, str, bool, str | None]], texts: Strings) -> None:
    """Add ``keys`` to the node's bindings with descriptions in the app's language.

    Bindings are normally a class attribute; the descriptions depend on ``--lang``, so they are added per
    instance, on top of the inherited ones (Tab, Shift+Tab…).
    """
    for key, action, text, show, display in keys:
        node._bindings.bind(key, action, texts(text), show=show, key_display=display)


class ReviewScreen(InReviewApp, Screen[None]):
    AUTO_FOCUS = "#form-tree"

    current_item: reactive[str | None] = reactive(None, init=False)
    filter_mode: reactive[str] = reactive("all", init=False)

    def __init__(self) -> None:
        super().__init__(id="review")
        bind_localised(self, KEYS, self.review.texts)

    # ---- layout ---------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        with Horizontal(id="main"):
            yield FormTree(self.review.state, self.review.texts, id="form-tree")
            yield ItemPanel(id="item-panel")
        # The search line (#search, above the bottom bar) is built when "/" first asks for it.
        with Horizontal(id="bottom-bar"):
            yield KeyFooter(compact=True, show_command_palette=False)
            yield SavedState(id="saved-state")

    async def on_mount(self) -> None:
        tree = self.query_one(FormTree)
        tree.rebuild(self.filter_mode)
        self.review.item_saved.subscribe(self, self._saved)
        self.update_summary()
        if tree.item_order:
            await self.go_to(tree.item_order[0])

    @property
    def form_tree(self) -> FormTree:
        return self.query_one(FormTree)

    @property
    def panel(self) -> ItemPanel:
        return self.query_one(ItemPanel)

    def update_summary(self) -> None:
        texts = self.review.texts
        progress = self.review.state.overall()
        text = texts(
            "summary",
            answered=progress.answered,
            total=progress.total,
            verdicts=progress.verdicts,
            findings=progress.open_findings,
            contradictions=progress.contradictions,
        )
        if self.filter_mode != "all":
            text += "  ·  " + texts("filter_now", name=texts(f"filter_{self.filter_mode}"))
        text += "  │  " + visible(self.review.checked.graph.document.scheme.title, lines=False)
        self.query_one("#summary", Static).update(Content(text))

    def watch_filter_mode(self) -> None:
        self.update_summary()

    def _saved(self, item_id: str) -> None:
        self.form_tree.refresh_item(item_id)
        self.update_summary()
        if item_id == self.current_item:
            self.panel.refresh_status()

    # ---- moving ---------------------------------------------------------------------------------------
    async def go_to(self, item_id: str, part: str | None = None) -> None:
        tree = self.form_tree
        if item_id not in tree.item_nodes:
            tree.rebuild("all")
            self.filter_mode = "all"
        self.current_item = item_id
        with self.app.batch_update():  # one repaint for the tree and the panel together
            tree.focus_item(item_id)
            await self.panel.show(item_id, part)

    @on(Tree.NodeHighlighted, "#form-tree")
    async def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        data = event.node.data
        if data and not data.startswith("section:") and data != self.current_item:
            self.current_item = data
            with self.app.batch_update():
                await self.panel.show(data)

    async def _step(self, forward: bool, kind: str = "any", none_key: str | None = None) -> None:
        accept = self.review.state.predicate(kind)
        target = step(self.form_tree.item_order, self.current_item, forward, accept)
        if target is None:
            if none_key:
                self.notify(self.review.texts(none_key))
            return
        await self.go_to(target, {"finding": "findings", "contradiction": "contradiction"}.get(kind))

    async def action_next_item(self) -> None:
        await self._step(True)

    async def action_prev_item(self) -> None:
        await self._step(False)

    async def action_next_unanswered(self) -> None:
        await self._step(True, "unanswered", "no_more_unanswered")

    async def action_next_finding(self) -> None:
        await self._step(True, "finding", "no_more_findings")

    async def action_next_contradiction(self) -> None:
        await self._step(True, "contradiction", "no_more_contradictions")

    async def action_cycle_filter(self) -> None:
        texts = self.review.texts
        filters = self.review.state.filters()
        index = filters.index(self.filter_mode) if self.filter_mode in filters else -1
        mode = filters[(index + 1) % len(filters)]
        self.panel.commit_pending()
        tree = self.form_tree
        tree.rebuild(mode)
        if not tree.item_order:
            self.notify(texts("filter_empty", name=texts(f"filter_{mode}")), severity="warning")
            mode = "all"
            tree.rebuild(mode)
        self.filter_mode = mode
        target = self.current_item if self.current_item in tree.item_nodes else None
        target = target or step(tree.item_order, self.current_item, True, lambda _i: True)
        if target:
            await self.go_to(target)

    # ---- search ---------------------------------------------------------------------------------------
    async def action_search(self) -> None:
        found = self.query("#search").results(Input)
        search = next(found, None)
        if search is None:
            # Built on first use, not with the screen: an Input is one of the dearer widgets to mount and
            # style, and a reviewer who never searches would pay for it before the first screen.
            search = Input(placeholder=self.review.texts("search_placeholder"), id="search")
            await self.mount(search, before="#bottom-bar")
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    async def _search(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        if not query:
            return
        state = self.review.state
        order = [item.id for item in state.items]
        hits = [item_id for item_id in order if state.matches(item_id, query)]
        if not hits:
            self.notify(self.review.texts("search_none", query=query), severity="warning", markup=False)
            return
        target = step(order, self.current_item, True, lambda i: i in hits)
        assert target is not None
        await self.go_to(target)
        self.notify(
            self.review.texts("search_hit", query=query, index=hits.index(target) + 1, count=len(hits)),
            markup=False,
            timeout=2,
        )
        event.input.focus()

    # ---- the reviewer's verdict and editing -----------------------------------------------------------
    def action_verdict(self, verdict: str) -> None:
        item_id = self.current_item
        if item_id is None:
            return
        value = verdict if verdict in VERDICTS else None
        if self.review.save(item_id, lambda doc: doc.set_verdict(item_id, value)):
            self.panel.show_verdict(value)

    def action_edit_answer(self) -> None:
        self.panel.focus_answer()

    def action_edit_comment(self) -> None:
        self.panel.focus_comment()

    def action_edit_action(self) -> None:
        self.panel.focus_action()

    def action_commit(self) -> None:
        self.panel.commit_pending()

    def action_back(self) -> None:
        for search in self.query("#search"):
            search.display = False
        self.panel.commit_pending()
        self.form_tree.focus()

    def action_keys(self) -> None:
        from pia_toolkit.tui.screens.keys import KeysScreen

        self.app.push_screen(KeysScreen())

    async def action_quit_review(self) -> None:
        self.panel.commit_pending()
        self.app.exit()

    # ---- context views --------------------------------------------------------------------------------
    def action_findings(self) -> None:
        from pia_toolkit.tui.screens.findings import FindingsScreen

        self.panel.commit_pending()
        self.app.push_screen(FindingsScreen(), self._jump_from_list)

    async def _jump_from_list(self, item_id: str | None) -> None:
        if item_id:
            await self.go_to(item_id, "findings")

    def action_triage(self) -> None:
        """Decide on the current item's findings (accepted, false positive…), written to the triage file."""
        from pia_toolkit.tui.screens.triage import TriageScreen

        if self.current_item is None:
            return
        findings = self.review.checked.findings_for(self.current_item)
        if not findings:
            self.notify(self.review.texts("triage_no_findings"))
            return
        self.panel.commit_pending()
        self.app.push_screen(TriageScreen(findings), self._triaged)

    async def _triaged(self, finding_id: str | None) -> None:
        if finding_id and self.current_item:
            self.form_tree.refresh_all_labels()
            self.update_summary()
            await self.panel.show(self.current_item, "findings")

    def action_threshold(self) -> None:
        from pia_toolkit.tui.screens.threshold import ThresholdScreen

        self.app.push_screen(ThresholdScreen())

    def action_diagram(self) -> None:
        from pia_toolkit.tui.screens.diagram import DiagramScreen

        self.app.push_screen(DiagramScreen())

    def action_source(self) -> None:
        from pia_toolkit.tui.screens.source import SourceScreen

        if self.current_item is None:
            return
        findings = self.review.checked.findings_for(self.current_item)
        self.app.push_screen(SourceScreen(findings))

    def action_export(self) -> None:
        from pia_toolkit.tui.screens.export import ExportScreen

        self.panel.commit_pending()
        self.app.push_screen(ExportScreen())
