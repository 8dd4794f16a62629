"""Everything that leaves the program for people or other tools: diagrams, PDF, JSON, SARIF, CSV, the terminal
report. Renderers take what ``pia`` opened and checked; they never run rules themselves. Imports ``flows``,
``catalog`` and ``pia`` (never ``pia.cli`` or ``tui``).
"""
