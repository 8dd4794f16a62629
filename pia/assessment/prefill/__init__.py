"""Pre-filling the 全項目評価書 from the flow model.

Each form item may name a ``prefill:`` key; one small function per key (registered in
:data:`~pia.assessment.prefill.registry.PREFILLERS`) answers it from the graph, or returns ``None`` when the model
does not say: an unknown value leaves the item open rather than inventing an answer. Choice answers are always
ids of the item's own enum.

    answers = prefill(graph, full_item_form())
    answers["I-1-1-business-name"].value, answers["I-1-1-business-name"].refs
"""

from __future__ import annotations

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.form import FormCatalog, FormItem, full_item_form
from pia_toolkit.pia.assessment.prefill import file_keys, flow_keys, presence_keys, scheme_keys
from pia_toolkit.pia.assessment.prefill.facts import remembering
from pia_toolkit.pia.assessment.prefill.registry import PREFILLERS, Prefill, answered

__all__ = ["PREFILLERS", "Prefill", "companion", "prefill", "prefillable"]
_KEY_MODULES = (scheme_keys, file_keys, flow_keys, presence_keys)  # importing them registers their keys

COMPANION_SUFFIXES = ("-other", "-detail")
"""An item's 「その他（　）」 / 「（　）内」 text lives in the item with this suffix (II-3-2-…-other)."""


def companion(form: FormCatalog, item: FormItem) -> FormItem | None:
    """The text item that holds ``item``'s bracketed detail, if the form has one without its own key."""
    for suffix in COMPANION_SUFFIXES:
        candidate = item.id + suffix
        if form.has(candidate) and form.item(candidate).prefill is None:
            return form.item(candidate)
    return None


def prefillable(form: FormCatalog | None = None) -> list[FormItem]:
    """Items whose ``prefill:`` key has a function (what a model can answer at best)."""
    form = form or full_item_form()
    return [item for item in form.items if item.prefill in PREFILLERS]


def prefill(graph: FlowGraph, form: FormCatalog | None = None) -> dict[str, Prefill]:
    """Item id → the answer the model gives, for every item the model can answer."""
    form = form or full_item_form()
    answers: dict[str, Prefill] = {}
    with remembering():
        for item in prefillable(form):
            found = PREFILLERS[str(item.prefill)](graph, item)
            if found is None or not answered(found.value):
                continue
            answers[item.id] = found
            extra = companion(form, item) if found.detail else None
            if extra is not None and extra.id not in answers:
                answers[extra.id] = Prefill(found.detail, list(found.refs))
    return answers
