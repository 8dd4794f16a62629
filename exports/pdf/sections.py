"""The form itself, section by section (表紙, Ⅰ … Ⅵ and the annexes), with the owner's answers.

Sections the catalog marks ``per_file`` are printed once per 特定個人情報ファイル when the assessment keeps
answers per file (item ids suffixed ``@file-id``); otherwise once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Spacer

from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.exports.pdf.formitems import (
    answer_cell,
    block_flowables,
    inner,
    item_table,
    label_cell,
)
from pia_toolkit.pia.assessment.document import ItemState
from pia_toolkit.pia.assessment.form import FormItem, FormSection

_SEPARATORS = ("@", "#", "/", ":")


def file_variants(ctx: Ctx, section: FormSection) -> list[tuple[str | None, str | None]]:
    """(separator+file id suffix, file title) per file the assessment holds answers for; [(None, None)] if none."""
    if not section.per_file:
        return [(None, None)]
    suffixes: list[str] = []
    ids = {item.id for item in section.items}
    for key in ctx.checked.document.item_ids():
        for item_id in ids:
            if key.startswith(item_id) and len(key) > len(item_id) and key[len(item_id)] in _SEPARATORS:
                suffix = key[len(item_id) :]
                if suffix not in suffixes:
                    suffixes.append(suffix)
    if not suffixes:
        return [(None, None)]
    files = {f.id: f for f in ctx.checked.graph.document.files}
    return [(s, ctx.title_of(files.get(s[1:])) or s[1:]) for s in suffixes]


def _state(ctx: Ctx, item: FormItem, suffix: str | None) -> ItemState:
    if suffix is None:
        return ctx.checked.document.state(item.id)
    state = ctx.checked.document.state(item.id + suffix)
    return state if state.answer is not None or state.source else ctx.checked.document.state(item.id)


def section_flowables(
    ctx: Ctx, section: FormSection, *, after_items: Callable[[Ctx], list[Flowable]] | None = None
) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading(0, ctx.form_text(section.text(ctx.lang)), f"sec-{section.id}")]
    variants = file_variants(ctx, section)
    for suffix, title in variants:
        if title is not None:
            out.append(ctx.heading(1, f"{ctx.form_text(ctx.text('file'))}：{title}", f"sec-{section.id}{suffix}"))
        out.extend(items_flowables(ctx, section.items, suffix))
    if after_items is not None:
        out.extend(after_items(ctx))
    return out


def items_flowables(
    ctx: Ctx, items: tuple[FormItem, ...] | list[FormItem], suffix: str | None = None
) -> list[Flowable]:
    width = styles.FRAME_WIDTH
    out: list[Flowable] = []
    rows: list[list[Any]] = []
    current: tuple[str, ...] = ()

    def flush() -> None:
        if rows:
            out.append(item_table(ctx, list(rows), width))
            rows.clear()

    for item in items:
        heads = tuple(ctx.form_text(h) for h in item.heading_path(ctx.lang))
        if heads != current:
            flush()
            common = 0
            while common < min(len(heads), len(current)) and heads[common] == current[common]:
                common += 1
            for depth in range(common, len(heads)):
                if depth == 0:
                    out.append(Spacer(1, 4))
                    out.append(ctx.heading(1, heads[depth], None, ctx.st.h2))
                else:
                    para = ctx.paragraph(ctx.markup(heads[depth]), ctx.st.h4)
                    para.keepWithNext = True
                    out.append(para)
            current = heads
        state = _state(ctx, item, suffix)
        if item.type == "block":
            flush()
            out.extend(block_flowables(ctx, item, state, width))
            out.append(Spacer(1, 4))
        else:
            rows.append([label_cell(ctx, item, state), answer_cell(ctx, item, state, inner(width))])
    flush()
    return out
