"""しきい値判断: which assessment the law makes mandatory for a scheme, and why, in the statute's order.

1. A scheme that handles no 特定個人情報 is outside the specific personal information assessment (対象外).
2. A scheme whose files are all exempt under 規則第4条 (only the body's own staff, only paper, under 1,000 people)
   needs none (評価の実施義務なし), whatever the other inputs.
3. Otherwise the number of people, the number of handlers (contractor staff included) and serious incidents in
   the past year decide it (指針 第5-2).

The table is data (``threshold.yaml``); this module only walks it. An input the model leaves unknown gives an
unknown result only when it could change the outcome, and the reasons say which input that is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pia_toolkit.catalog.data import load_yaml
from pia_toolkit.catalog.texts import Bilingual, Message, message
from pia_toolkit.catalog.vocabularies import category_class
from pia_toolkit.flows.schema import FlowDocument, PersonalFile, Scheme


@dataclass(frozen=True)
class Inputs:
    """What step 3 was given; ``None`` where the model does not say."""

    people: int | None = None
    handlers: int | None = None
    incident: bool | None = None


@dataclass(frozen=True)
class ThresholdResult:
    level: str
    """not_applicable (対象外), none, basic, priority, full — or unknown when a missing input decides it"""
    reasons: tuple[Message, ...]
    """The facts the judgment rests on, in the order the statute asks them."""
    conclusion: Message
    """The judgment's own sentence (「…の実施が義務付けられる」, 「…義務付けられない（規則第4条第1号）」)."""
    inputs: Inputs = Inputs()
    exemption: str | None = None
    """The id of the 規則第4条 exemption that applies (own_staff, paper_only, fewer_than_1000), if one does."""

    @property
    def people(self) -> int | None:
        return self.inputs.people

    @property
    def handlers(self) -> int | None:
        return self.inputs.handlers

    @property
    def incident(self) -> bool | None:
        return self.inputs.incident

    def label(self, lang: str = "ja") -> str:
        return self.conclusion.text(lang)

    def reason_texts(self, lang: str = "ja") -> tuple[str, ...]:
        return tuple(reason.text(lang) for reason in self.reasons)

    @property
    def rank(self) -> int:
        return int(level_info(self.level)["rank"])

    @property
    def choice(self) -> str | None:
        """The form's choice id for this result (Ⅵ1②), when the form has one."""
        value = level_info(self.level).get("choice")
        return str(value) if value else None


def table() -> dict[str, Any]:
    return load_yaml("threshold.yaml")  # type: ignore[no-any-return]


def level_info(level: str) -> dict[str, Any]:
    return table()["levels"][level]  # type: ignore[no-any-return]


def level_sentence(level: str) -> Bilingual:
    return Bilingual.of(level_info(level)["sentence"], where=f"threshold.yaml levels.{level}")


def _said(text: Bilingual) -> Message:
    return message("threshold.quoted", text=text)


def _conclusion(level: str) -> Message:
    return _said(level_sentence(level))


# ---- step 3: people, handlers, incidents -----------------------------------------------------------------
def _row(people: int, many: bool) -> dict[str, Any]:
    for row in table()["rows"]:
        if row["below"] is not None and people >= row["below"]:
            continue
        if row.get("when") == "many_handlers_or_incident" and not many:
            continue
        return row  # type: ignore[no-any-return]
    raise AssertionError("threshold.yaml has no catch-all row")


def _fewer_than() -> int:
    return int(next(e["below"] for e in table()["exemptions"] if e["when"] == "people_below"))


def _exemption(exemption_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(e for e in table()["exemptions"] if e["id"] == exemption_id)
    return entry


def _exempt(exemption_id: str, reasons: list[Message], inputs: Inputs = Inputs()) -> ThresholdResult:
    entry = _exemption(exemption_id)
    reason = Bilingual.of(entry["reason"], where=f"threshold.yaml exemptions.{exemption_id}")
    reasons.append(message("threshold.exempt_because", reason=reason, reference=entry["reference"]))
    conclusion = message("threshold.exempt", sentence=level_sentence("none"), reference=entry["reference"])
    return ThresholdResult("none", tuple(reasons), conclusion, inputs, exemption_id)


def judge(
    people: int | None, handlers: int | None, incident: bool | None, *, handlers_at_least: bool = False
) -> ThresholdResult:
    """Step 3 (and the under-1,000 exemption) from plain inputs; ``None`` means not known. ``handlers_at_least``:
    the count is one of the two (staff, contractor staff), the other unknown, and already over the line."""
    limit = int(table()["handler_limit"])
    known = Inputs(people, handlers, incident)
    if people is None:
        return ThresholdResult("unknown", (message("threshold.people_unknown"),), _conclusion("unknown"), known)
    reasons = [message("threshold.people", count=people)]
    if people < _fewer_than():
        return _exempt("fewer_than_1000", reasons, known)
    reasons.append(
        message(
            "threshold.handlers_at_least" if handlers_at_least else "threshold.handlers", count=handlers, limit=limit
        )
        if handlers is not None
        else message("threshold.handlers_unknown")
    )
    if incident is None:
        reasons.append(message("threshold.incident_unknown"))
    else:
        reasons.append(message("threshold.incident_yes" if incident else "threshold.incident_no"))
    outcomes = {}
    for many_case in (False, True):
        if handlers is not None and incident is not None:
            many_case = handlers >= limit or incident
        elif (handlers is not None and handlers >= limit) or incident is True:
            many_case = True
        row = _row(people, many_case)
        outcomes[row["level"]] = row
    if len(outcomes) > 1:
        reasons.append(message("threshold.depends_on_missing"))
        return ThresholdResult("unknown", tuple(reasons), _conclusion("unknown"), known)
    row = next(iter(outcomes.values()))
    reasons.append(_said(Bilingual.of(row["reason"], where="threshold.yaml rows")))
    return ThresholdResult(row["level"], tuple(reasons), _conclusion(row["level"]), known)


# ---- the model ----------------------------------------------------------------------------------------
def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _my_number_files(document: FlowDocument, my_number: set[str]) -> list[PersonalFile]:
    return [f for f in document.files if my_number.intersection(f.data)]


def _file_facts(scheme: Scheme, files: list[PersonalFile]) -> list[tuple[str, str, int | None]]:
    """(subjects, processing, people) per 特定個人情報ファイル; the scheme itself when it declares no file."""
    if not files:
        return [(scheme.data_subjects, scheme.processing, _count(scheme.people_count))]
    return [
        (
            file.subjects if file.subjects != "unknown" else scheme.data_subjects,
            file.processing if file.processing != "unknown" else scheme.processing,
            _count(file.people_count),
        )
        for file in files
    ]


def _whole_exemption(facts: list[tuple[str, str, int | None]]) -> str | None:
    """The 第1号 or 第2号 exemption when every file is exempt by it (own staff only, or paper only)."""
    for exemption_id, index, value in (("own_staff", 0, "own_staff"), ("paper_only", 1, "paper_only")):
        if facts and all(f[index] == value for f in facts):
            return exemption_id
    return None


def _people(scheme: Scheme, facts: Iterable[tuple[str, str, int | None]]) -> tuple[int | None, int | None]:
    """The lowest and highest number of people the not-exempt files may hold (the scheme's count when stated).

    Files overlap, so the scheme's people lie between the largest file and the sum of the files.
    """
    stated = _count(scheme.people_count)
    counts = _counted(facts)
    if stated is not None:
        # No fewer than its largest file holds: a file of 15,000 in a scheme said to have 9,999 is judged on
        # 15,000 (the judgment says so, see _larger_file).
        largest = max((c for c in counts if c is not None), default=stated)
        return max(stated, largest), max(stated, largest)
    if not counts or any(c is None for c in counts):
        return None, None
    known = [c for c in counts if c is not None]
    return max(known), sum(known)


def _counted(facts: Iterable[tuple[str, str, int | None]]) -> list[int | None]:
    """The people counts of the files that are not exempt (own staff only, paper only)."""
    return [people for subjects, processing, people in facts if subjects != "own_staff" and processing != "paper_only"]


def _larger_file(result: ThresholdResult, scheme: Scheme, facts: list[tuple[str, str, int | None]]) -> ThresholdResult:
    """The reason that says the scheme's own count was set aside for a larger file's."""
    stated = _count(scheme.people_count)
    largest = max((c for c in _counted(facts) if c is not None), default=None)
    if stated is None or largest is None or largest <= stated:
        return result
    note = message("threshold.file_larger_than_scheme", stated=stated, largest=largest)
    return ThresholdResult(result.level, (note, *result.reasons), result.conclusion, result.inputs, result.exemption)


def judge_document(document: FlowDocument) -> ThresholdResult:
    """The しきい値判断 for one model."""
    scheme = document.scheme
    my_number = {d.id for d in document.data if category_class(d.category) == "my_number"}
    if not my_number:
        return ThresholdResult(
            "not_applicable", (message("threshold.no_my_number_data"),), _conclusion("not_applicable")
        )
    facts = _file_facts(scheme, _my_number_files(document, my_number))
    whole = _whole_exemption(facts)
    if whole is not None:
        return _exempt(whole, [])
    staff, contractor = scheme.handlers.staff, scheme.handlers.contractor_staff
    handlers = staff + contractor if isinstance(staff, int) and isinstance(contractor, int) else None
    # One known count already over the line decides it, whatever the other count is.
    partial = sum(h for h in (staff, contractor) if isinstance(h, int))
    at_least = handlers is None and partial >= int(table()["handler_limit"])
    if at_least:
        handlers = partial
    incident = scheme.serious_incident_last_year if isinstance(scheme.serious_incident_last_year, bool) else None
    low, high = _people(scheme, facts)
    results = [judge(people, handlers, incident, handlers_at_least=at_least) for people in dict.fromkeys((low, high))]
    result = results[0]
    if len({r.level for r in results}) > 1:
        reasons = (message("threshold.people_range", low=low, high=high), message("threshold.depends_on_missing"))
        result = ThresholdResult("unknown", reasons, _conclusion("unknown"), Inputs(None, handlers, incident))
    return _noted(_larger_file(result, scheme, facts), facts)


def declared_meets(document: FlowDocument, result: ThresholdResult | None = None) -> bool | None:
    """Whether the scheme's declared level is at least what the judgment makes mandatory; None when that cannot
    be told (nothing declared, nothing to compare, or unknown inputs a lower declared level may not meet). What
    THR-01 checks and ``pia threshold`` says."""
    declared = document.scheme.declared_assessment
    result = result if result is not None else judge_document(document)
    if result.level == "not_applicable" or declared == "unknown":
        return None
    rank = int(level_info(declared)["rank"])
    if result.level == "unknown":
        # A body may always choose a higher level: one that meets whatever the unknowns turn out to require.
        return True if rank >= most_required_rank(document, result) else None
    return rank >= result.rank


def most_required_rank(document: FlowDocument, result: ThresholdResult | None = None) -> int:
    """The rank of the most the judgment could require once every unknown input is known: each unknown taken
    as the one that requires most (the most people the files allow, or any number; handlers over the line; a
    serious incident). A declared level of at least this rank meets the judgment, whatever the unknowns are."""
    result = result if result is not None else judge_document(document)
    if result.level != "unknown":
        return result.rank
    inputs = result.inputs
    many = int(table()["handler_limit"])
    scheme = document.scheme
    my_number = {d.id for d in document.data if category_class(d.category) == "my_number"}
    _low, high = _people(scheme, _file_facts(scheme, _my_number_files(document, my_number)))
    people = high if high is not None else 10**9  # not known: as many as the law has a row for
    handlers = inputs.handlers if inputs.handlers is not None else many
    incident = inputs.incident if inputs.incident is not None else True
    return judge(people, handlers, incident).rank


def _noted(result: ThresholdResult, facts: list[tuple[str, str, int | None]]) -> ThresholdResult:
    """Where an exemption was not applied only because the model does not say, the reasons say so."""
    if result.level in ("none", "not_applicable"):
        return result
    notes = [
        message(key)
        for key, index in (("threshold.subjects_not_stated", 0), ("threshold.processing_not_stated", 1))
        if any(f[index] == "unknown" for f in facts)
    ]
    if not notes:
        return result
    return ThresholdResult(result.level, (*result.reasons, *notes), result.conclusion, result.inputs)
