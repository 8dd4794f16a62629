"""The footer of keys, built once with the screen and rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the keys Footer.compose yields

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyFooter(Footer):
    """Textual's Footer, composed with its keys at once.

    Textual's own Footer composes empty and rebuilds every key after each bindings refresh, which the screen
    publishes when it is shown and on every focus change: three rebuilds of twenty keys before the review
    screen's first frame, each the same keys, each laying out and painting the whole screen again. This one
    composes the keys with the screen and rebuilds only when what it would show differs from what it shows.
    """

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)
        self._shown: Hashable = None

    def _keys(self, screen: Screen[object]) -> Hashable:
        """Everything :meth:`Footer.compose` reads from the screen's bindings, in its order."""
        bindings = screen.active_bindings
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING) if self.show_command_palette else None
        shown = [entry for entry in bindings.values() if entry[1].show]
        return tuple(
            (binding, self.app.get_key_display(binding), enabled, tooltip)
            for _node, binding, enabled, tooltip in [*shown, *([palette] if palette else [])]
        )

    def compose(self) -> ComposeResult:
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._keys(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Built compact, rather than made compact by its watcher once mounted, which restyles each key
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = self._keys(screen)
            if keys == self._shown:
                return
            self._shown = keys  # later refreshes before the rebuild runs ask for the same keys
        super().bindings_changed(screen)
