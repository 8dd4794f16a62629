"""Helpers shared by the rule tests."""

from __future__ import annotations

from pia_toolkit.catalog.rules import GROUPS, RuleMeta, Severity, rule_catalog, rule_functions


def fallback_catalog() -> dict[str, RuleMeta]:
    """The shipped catalog, with a bare entry for any registered rule whose metadata is not written yet."""
    metas = dict(rule_catalog())
    for rule_id in rule_functions():
        metas.setdefault(
            rule_id,
            RuleMeta(
                id=rule_id,
                group=GROUPS[0],
                severity=Severity.medium,
                raise_for_special=False,
                kind="auto",
                form_items=(),
                title=rule_id,
                title_en=rule_id,
                why="",
                why_en="",
                fix="",
                fix_en="",
            ),
        )
    return metas
