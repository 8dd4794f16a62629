"""The assessment engine and the ``pia`` command line.

``checked.open_model`` opens a model for every command; the engine runs the rules into findings; triage and
policy adjust them; ``threshold_report`` and ``assessment`` hold the しきい値判断 and the 全項目評価書. Imports
``flows`` and ``catalog``; only ``pia.cli`` imports ``exports`` and ``tui``, lazily, inside the command that
needs them.
"""

__version__ = "0.1.0"

__version__ = "0.1.0"
