"""Change review between two versions of a model: what changed, whether it is a 重要な変更, and what follows.

    report = compare(open_model(old), open_model(new), old_label="HEAD~1:x.yaml", new_label="x.yaml")

- :mod:`.elements`: the semantic difference, element by element, matched by id (renames found by content)
- :mod:`.conditions`, :mod:`.classify`: each change classified by the form items it alters (``catalog/changes.yaml``)
- :mod:`.findings_delta`: new, resolved and unchanged findings; stale triage decisions; answered questions
- :mod:`.report`: :class:`~.report.ChangeReport`, the one value the outputs (and the diagram, PDF and app) draw on
- :mod:`.sides`: a version given as a file or as ``REV:path`` (read with git into a temporary mirror)
- :mod:`.wording`, :mod:`.json_out`, :mod:`.markdown`: the report in words, as JSON, as a pull-request comment
- :mod:`.annex3`: ``pia assess init --since``: the altered items marked and 別添3 filled

Imports ``flows``, ``catalog`` and the rest of ``pia`` (never ``pia.cli``, ``exports`` or ``tui``).
"""
