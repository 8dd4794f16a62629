"""The app's screens: the review itself, and the context views it opens (findings, threshold, YAML, diagram, export)."""
