"""The app's screens: the review itself, and the context views it opens (findings, threshold, YAML, diagram, export).

A dialog has no id: keys faster than the screen can open one again while the last is still being removed, and two
screens of one id cannot both be in the app. It closes through ``close_once`` and sets itself up in an
``on_mount`` marked ``unless_closed`` (see ``tui.context``), which hold when it is closed in the turn it opens.
"""
