"""The data-flow model: schema, loading with source positions, and the graph the rules run on.

Imports the lower floor of ``catalog`` (vocabularies and texts) and nothing else of ours.
"""
