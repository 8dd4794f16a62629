"""The reviewer's app: one checked (model, findings, assessment), the review screen, and saving.

Every change goes through :class:`pia.assessment.document.Assessment`, whose ``set_*`` methods write the file
atomically; :meth:`ReviewApp.save` is the one place that calls them, reports failures and tells the screens.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal

from pia_toolkit.pia import clock
from pia_toolkit.pia.assessment.document import Assessment, SaveRefused
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.tui.state import ReviewState
from pia_toolkit.tui.strings import Strings


def _now() -> str:
    return clock.now().strftime("%H:%M:%S")


class ReviewApp(App[None]):
    CSS_PATH = "review.tcss"
    ENABLE_COMMAND_PALETTE = True

    saved_at: reactive[str] = reactive("")
    """Time of the last save in this checked (empty before the first)."""
    typing: reactive[bool] = reactive(False)
    """An editor holds text not yet committed."""
    save_failed: reactive[bool] = reactive(False)

    def __init__(self, checked: CheckedModel, lang: str = "ja", clock: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.checked = checked
        self.texts = Strings(lang)
        self.state = ReviewState(checked, lang)
        self.clock = clock or _now
        self.item_saved: Signal[str] = Signal(self, "item-saved")
        self.title = self.texts("app_title")

    def get_default_screen(self) -> Screen[None]:
        from pia_toolkit.tui.screens.review import ReviewScreen

        return ReviewScreen()

    def save(self, item_id: str, change: Callable[[Assessment], None]) -> bool:
        """Apply one change through the Assessment API (which saves at once); False, with a notice, if it failed."""
        document = self.checked.document
        try:
            change(document)
        except (OSError, ValueError, KeyError) as error:
            # SaveRefused (another session changed the same item, the file no longer reads): in the app's language
            reason = error.text(self.texts.lang) if isinstance(error, SaveRefused) else error
            self.save_failed = True
            self.notify(self.texts("save_error", error=reason), severity="error", markup=False, timeout=10)
            return False
        for note in document.take_notes():  # another session's changes merged in, characters replaced
            self.notify(note.text(self.texts.lang), markup=False, timeout=10)
        self.save_failed = False
        self.saved_at = self.clock()
        self.item_saved.publish(item_id)
        return True

    def commit_pending(self) -> None:
        """Commit whatever an editor on the review screen still holds (before quitting)."""
        from pia_toolkit.tui.widgets.item_panel import ItemPanel

        for screen in self.screen_stack:
            for panel in screen.query(ItemPanel):
                panel.commit_pending()

    async def action_quit(self) -> None:
        self.commit_pending()
        self.exit()
