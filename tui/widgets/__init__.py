"""Widgets of the review screen: the form tree, the item panel, the editors, the status line."""
