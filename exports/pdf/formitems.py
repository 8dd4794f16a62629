"""How one form item and its answer look on paper: the label with its number, ※ and id; the answer as the
form shows it (every fixed choice listed, the chosen ones marked); where the answer came from.

Everything about an item comes from the typed form catalog (:mod:`pia_toolkit.pia.assessment.form`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.pia.assessment.document import ItemState, verdict_label
from pia_toolkit.pia.assessment.form import BlockField, Choice, FormItem
from pia_toolkit.pia.assessment.status import contradiction

ACCENT_HEX = "#1f3a5f"


# ---- answers ----------------------------------------------------------------------------------------------
def _selected(answer: Any) -> tuple[set[str], list[str]]:
    """Chosen ids (or labels) and any free text given with them (その他の内容)."""
    chosen: set[str] = set()
    extra: list[str] = []

    def add(value: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, dict):
            key = value.get("id", value.get("choice", value.get("value")))
            if key is not None:
                chosen.add(str(key))
            for name in ("other", "detail", "text", "note", "count"):
                if value.get(name) not in (None, ""):
                    extra.append(str(value[name]))
            for name in ("selected", "choices", "values"):
                if isinstance(value.get(name), list):
                    for v in value[name]:
                        add(v)
        elif isinstance(value, list | tuple | set):
            for v in value:
                add(v)
        else:
            chosen.add(str(value))

    add(answer)
    return chosen, extra


def _choice_rows(
    ctx: Ctx, choices: tuple[Choice, ...], chosen: set[str], choice_set: str | None
) -> list[tuple[str | None, list[tuple[bool, str]]]]:
    """(group, [(is_on, label markup)]) in form order."""
    rows: list[tuple[str | None, list[tuple[bool, str]]]] = []
    for choice in choices:
        is_on = choice.id in chosen or choice.label.ja in chosen or choice.label.en in chosen
        group = choice.group.get(ctx.lang) if choice.group else None
        entry = (is_on, choice.text(ctx.lang))
        if rows and rows[-1][0] == group:
            rows[-1][1].append(entry)
        else:
            rows.append((group, [entry]))
    return rows


def _choice_markup(ctx: Ctx, is_on: bool, label: str) -> str:
    if is_on:
        return f'<font color="{ACCENT_HEX}">{ctx.on}{ctx.markup(label)}</font>'
    return f'<font color="#555555">{ctx.off}</font>{ctx.markup(label)}'


def _leftovers(ctx: Ctx, choices: tuple[Choice, ...], chosen: set[str], extra: list[str]) -> list[str]:
    known = {c.id for c in choices} | {c.label.ja for c in choices} | {c.label.en for c in choices}
    lines = []
    unknown_values = sorted(v for v in chosen if v not in known)
    if unknown_values:
        lines.append(ctx.markup(ctx.text("answer_prefix") + ctx.sep().join(unknown_values)))
    if extra:
        lines.append(ctx.grey(ctx.text("other_detail") + ": ") + ctx.markup(ctx.sep().join(extra)))
    return lines


def choices_flowables(
    ctx: Ctx, choices: tuple[Choice, ...], answer: Any, choice_set: str | None, width: float
) -> list[Flowable]:
    """Every choice with ☑/☐ (■/□) in a grid, as the form prints them; a choice never breaks across columns."""
    st = ctx.st.cell_small
    chosen, extra = _selected(answer)
    out: list[Flowable] = []
    for group, entries in _choice_rows(ctx, choices, chosen, choice_set):
        longest = max(stringWidth(ctx.on + label, st.fontName, st.fontSize) for _on, label in entries)
        columns = max(1, min(4, len(entries), int(width // (longest + 8))))
        if group:
            out.append(ctx.paragraph(ctx.grey(group), st))
        data = []
        for start in range(0, len(entries), columns):
            chunk = entries[start : start + columns]
            data.append(
                [ctx.paragraph(_choice_markup(ctx, on, label), st) for on, label in chunk]
                + [""] * (columns - len(chunk))
            )
        grid = Table(data, colWidths=[width / columns] * columns, hAlign="LEFT")
        grid.setStyle(_GRID)
        out.append(grid)
    leftovers = _leftovers(ctx, choices, chosen, extra)
    if leftovers:
        out.append(ctx.paragraph("<br/>".join(leftovers), ctx.st.cell))
    return out


_GRID = TableStyle(
    [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def is_empty(answer: Any) -> bool:
    return answer is None or answer == "" or answer == [] or answer == {}


def scalar_markup(ctx: Ctx, answer: Any) -> str:
    if isinstance(answer, bool):
        return ctx.value(answer)
    if isinstance(answer, int):
        return f"{answer:,}"
    if isinstance(answer, list | tuple):
        return "<br/>".join(scalar_markup(ctx, a) for a in answer)
    if isinstance(answer, dict):
        return "<br/>".join(f"{ctx.grey(k)}: {scalar_markup(ctx, v)}" for k, v in answer.items())
    return ctx.markup(answer)


def value_flowables(
    ctx: Ctx, kind: str, choices: tuple[Choice, ...], answer: Any, choice_set: str | None, width: float
) -> list[Flowable]:
    """An answer as the form shows it: choices as a marked grid, anything else as text."""
    if kind in ("choice", "multi_choice") and choices:
        return choices_flowables(ctx, choices, answer, choice_set, width)
    return [ctx.paragraph(scalar_markup(ctx, answer), ctx.st.cell)]


def label_markup(ctx: Ctx, number: str, label: str, significant: bool) -> str:
    head = f'<font color="{ACCENT_HEX}">{ctx.markup(number)}</font> ' if number else ""
    star = ' <font color="#8b0000">※</font>' if significant else ""
    return f"{head}{ctx.markup(label)}{star}"


def label_cell(ctx: Ctx, item: FormItem, state: ItemState) -> list[Flowable]:
    cell: list[Flowable] = [
        ctx.paragraph(
            label_markup(ctx, item.number, ctx.form_text(item.text(ctx.lang)), item.significant), ctx.st.label
        ),
        ctx.paragraph(ctx.ident(item.id), ctx.st.item_id),
    ]
    if state.verdict and ctx.shows_findings:
        colour = styles.VERDICT_COLOURS.get(state.verdict)
        hexval = colour.hexval().replace("0x", "#") if colour else "#333333"
        cell.append(
            ctx.paragraph(
                f'<font color="{hexval}">● {ctx.markup(ctx.text("review_verdict"))}: {ctx.markup(verdict_label(state.verdict, ctx.lang))}</font>',
                ctx.st.cell_small,
            )
        )
    return cell


def source_note(ctx: Ctx, item: FormItem, state: ItemState) -> str:
    parts: list[str] = []
    if state.source == "model":
        refs = ""
        if state.model_refs:
            inside = f"{ctx.text('model_refs')}: {ctx.sep().join(state.model_refs)}"
            refs = ctx.text("refs_in_brackets", refs=inside)
        parts.append(ctx.grey(ctx.text("source_model") + refs))
    elif state.source == "entered":
        parts.append(ctx.grey(ctx.text("source_entered")))
    if state.stale:
        parts.append(f'<font color="#c0392b">{ctx.markup(ctx.text("stale"))}</font>')
    findings = ctx.checked.findings_for(item.id) if ctx.shows_findings else []
    if findings:
        ids = ctx.sep().join(ctx.ident(f.id) for f in findings[:6]) + (" …" if len(findings) > 6 else "")
        parts.append(f'<font color="#6b6b6b">{ctx.markup(ctx.text("findings_here"))}: {ids}</font>')
    return "　".join(parts)


def _cell(ctx: Ctx, item: FormItem, state: ItemState, answered: Callable[[], list[Flowable]]) -> list[Flowable]:
    """An item's answer cell: withheld in the public version, "not answered" (required or not), or ``answered()``;
    then where the answer came from."""
    if ctx.public and not item.public:
        return [ctx.paragraph(ctx.withheld(), ctx.st.cell)]
    reason = ctx.kind.not_applicable(item.id)
    if reason is not None:
        words = f"<b>{ctx.markup(ctx.text('not_applicable'))}</b>　{ctx.grey(ctx.text(reason))}"
        return [ctx.paragraph(words, ctx.st.cell)]
    if is_empty(state.answer):
        text = ctx.text("unanswered_required") if item.required else ctx.text("unanswered")
        cell: list[Flowable] = [ctx.paragraph(ctx.markup(text), ctx.st.unanswered)]
    else:
        cell = answered()
    note = source_note(ctx, item, state)
    if note:
        cell.append(ctx.paragraph(note, ctx.st.item_id))
    return cell


def answer_cell(ctx: Ctx, item: FormItem, state: ItemState, width: float) -> list[Flowable]:
    """The right-hand cell of an item; ``width`` is the space inside the cell."""
    cell = _cell(
        ctx, item, state, lambda: value_flowables(ctx, item.type, item.choices, state.answer, item.choice_set, width)
    )
    applies = ctx.kind.not_applicable(item.id) is None
    if (
        is_empty(state.answer)
        and applies
        and not (ctx.public and not item.public)
        and item.type in ("choice", "multi_choice")
    ):
        # an unanswered choice still shows every choice, none marked, as the paper form does
        cell[1:1] = choices_flowables(ctx, item.choices, None, item.choice_set, width) if item.choices else []
    if applies and ctx.shows_findings:
        flag = contradiction_flag(ctx, item, width)
        if flag is not None:
            cell.append(flag)
    return cell


def contradiction_flag(ctx: Ctx, item: FormItem, width: float) -> Flowable | None:
    """A red box on an item whose answer says the risk is handled while a high or critical finding is open."""
    found = contradiction(ctx.checked, item)
    if found is None:
        return None
    names = "<br/>".join(
        f"・{ctx.markup(f.severity.label(ctx.lang))}　{ctx.markup(ctx.rule_title(f.rule))}　{ctx.ident(f.id)}"
        for f in found.findings
    )
    body = ctx.markup(ctx.text("contradiction_body", answer=found.choice.text(ctx.lang), n=len(found.findings)))
    box = Table(
        [[ctx.paragraph(f"<b>{ctx.markup(ctx.text('contradiction'))}</b>　{body}<br/>{names}", ctx.st.cell_small)]],
        colWidths=[width],
    )
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, styles.SEVERITY_COLOURS[3]),
                ("BACKGROUND", (0, 0), (-1, -1), styles.NOTE_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    box._pia_contradiction = item.id
    return box


LABEL_SHARE = 0.3
CELL_PADDING = 8


def columns(width: float) -> list[float]:
    return [width * LABEL_SHARE, width * (1 - LABEL_SHARE)]


def inner(width: float) -> float:
    """Room for content in the answer column of a table ``width`` wide."""
    return width * (1 - LABEL_SHARE) - CELL_PADDING


# ---- blocks (repeating entries such as システム1, 委託事項1) -------------------------------------------------
def block_flowables(ctx: Ctx, item: FormItem, state: ItemState, width: float) -> list[Flowable]:
    st = ctx.st
    bar = ctx.table(
        [[label_cell(ctx, item, state), _block_status(ctx, item, state)]], columns(width), header=False, label_col=True
    )
    out: list[Flowable] = [bar]
    if (ctx.public and not item.public) or is_empty(state.answer):
        return out
    bar.keepWithNext = True
    answer = state.answer
    entries = answer if isinstance(answer, list) else [answer]
    fields = list(item.fields)
    if not fields:
        out.append(ctx.table([[ctx.paragraph(scalar_markup(ctx, answer), st.cell)]], [width], header=False))
        return out
    simple = len(fields) <= 3 and all(f.type in ("text", "number", "date") for f in fields)
    if simple:
        rows: list[list[Any]] = [
            [ctx.paragraph("#", st.cell_head)]
            + [ctx.paragraph(ctx.markup(_flabel(ctx, f)), st.cell_head) for f in fields]
        ]
        for n, entry in enumerate(entries, 1):
            row: list[Any] = [ctx.paragraph(str(n), st.cell_small)]
            first = 16 if len(entries) < 10 else 22
            rest = (width - first) / len(fields)
            for f in fields:
                row.append(_field_value(ctx, f, entry, rest - CELL_PADDING))
            rows.append(row)
        first = 16 if len(entries) < 10 else 22
        rest = (width - first) / len(fields)
        out.append(ctx.table(rows, [first] + [rest] * len(fields)))
        return out
    for n, entry in enumerate(entries, 1):
        title = _entry_title(ctx, item, fields, entry, n)
        rows = [[ctx.paragraph(title, st.cell_head), ""]]
        for f in fields:
            if isinstance(entry, dict) and f.id not in entry and f.type == "text" and f.id.endswith("_other"):
                continue  # an empty その他（　） line adds nothing
            rows.append(
                [
                    ctx.paragraph(label_markup(ctx, f.number, _flabel(ctx, f), f.significant), st.label),
                    _field_value(ctx, f, entry, inner(width)),
                ]
            )
        out.append(
            ctx.table(
                rows,
                columns(width),
                label_col=True,
                extra=[("SPAN", (0, 0), (-1, 0))],
            )
        )
    return out


def _flabel(ctx: Ctx, field: BlockField) -> str:
    return ctx.form_text(field.text(ctx.lang))


def _field_value(ctx: Ctx, field: BlockField, entry: Any, width: float) -> list[Flowable]:
    choices, choice_set = field.choices, field.choice_set
    if ctx.public and not field.public:
        return [ctx.paragraph(ctx.withheld(), ctx.st.cell)]
    value = entry.get(field.id) if isinstance(entry, dict) else (entry if field.id in ("name", "title") else None)
    if is_empty(value):
        out: list[Flowable] = [ctx.paragraph(ctx.grey(ctx.text("unanswered")), ctx.st.cell_small)]
        if field.type in ("choice", "multi_choice") and choices:
            out.extend(choices_flowables(ctx, choices, None, choice_set, width))
        return out
    return value_flowables(ctx, field.type, choices, value, choice_set, width)


def _entry_title(ctx: Ctx, item: FormItem, fields: list[Any], entry: Any, n: int) -> str:
    """「システム1：健康管理システム」: a short noun for the block, its number, and the entry's name."""
    noun = ctx.form_text(item.text(ctx.lang))
    if len(noun) > 10 and fields:
        first = _flabel(ctx, fields[0])
        for tail in ("の名称", "名", " name"):
            if first.endswith(tail) and len(first) > len(tail):
                first = first[: -len(tail)]
                break
        noun = first if len(first) <= 12 else noun
    name = None
    if isinstance(entry, dict):
        for f in fields:
            if f.type == "text" and not is_empty(entry.get(f.id)):
                name = entry.get(f.id)
                break
    head = ctx.markup(ctx.text("entry_title", noun=noun, n=n))
    return f"{head}{ctx.markup(name)}" if name is not None else head.rstrip("：: ")


def _block_status(ctx: Ctx, item: FormItem, state: ItemState) -> list[Flowable]:
    count = len(state.answer) if isinstance(state.answer, list) else 1
    entries = ctx.text("entry_count_one" if count == 1 else "entry_count", count=count)
    return _cell(ctx, item, state, lambda: [ctx.paragraph(ctx.markup(entries), ctx.st.cell)])


def item_table(ctx: Ctx, rows: list[list[Any]], width: float) -> Table:
    return ctx.table(rows, columns(width), header=False, label_col=True)
