"""しきい値判断: which assessment the law makes mandatory, from people, handlers and serious incidents.

The table is data (``threshold.yaml``); this module only walks it. Unknown inputs give an unknown result
only when they could change the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pia_toolkit.catalog.data import load_yaml
from pia_toolkit.flows.schema import Scheme


@dataclass(frozen=True)
class ThresholdResult:
    level: str
    """none, basic, priority, full — or unknown when a missing input decides it"""
    reasons: tuple[str, ...]
    reasons_en: tuple[str, ...]
    people: int | None
    handlers: int | None
    incident: bool | None

    def label(self, lang: str = "ja") -> str:
        if self.level == "unknown":
            return "判断できない（入力が不足）" if lang == "ja" else "cannot be decided (inputs missing)"
        return str(level_info(self.level)[lang])

    @property
    def rank(self) -> int:
        return -1 if self.level == "unknown" else int(level_info(self.level)["rank"])


def table() -> dict[str, Any]:
    return load_yaml("threshold.yaml")  # type: ignore[no-any-return]


def level_info(level: str) -> dict[str, Any]:
    return table()["levels"][level]  # type: ignore[no-any-return]


def _row(people: int, many: bool) -> dict[str, Any]:
    for row in table()["rows"]:
        if row["below"] is not None and people >= row["below"]:
            continue
        if row.get("when") == "many_handlers_or_incident" and not many:
            continue
        return row  # type: ignore[no-any-return]
    raise AssertionError("threshold table has no catch-all row")


def judge(people: int | None, handlers: int | None, incident: bool | None) -> ThresholdResult:
    """Judge from plain inputs; ``None`` means not known."""
    limit = int(table()["handler_limit"])
    reasons: list[str] = []
    reasons_en: list[str] = []
    if people is None:
        return ThresholdResult(
            "unknown",
            ("対象人数が記載されていない",),
            ("the number of people is not stated",),
            None,
            handlers,
            incident,
        )
    reasons.append(f"対象人数 {people:,}人")
    reasons_en.append(f"{people:,} people")
    if handlers is not None:
        reasons.append(f"取扱者数 {handlers:,}人（委託先従業者を含む、基準{limit}人）")
        reasons_en.append(f"{handlers:,} handlers incl. contractor staff (line: {limit})")
    else:
        reasons.append("取扱者数が不明")
        reasons_en.append("number of handlers not known")
    if incident is not None:
        reasons.append("過去1年以内の重大事故" + ("あり" if incident else "なし"))
        reasons_en.append("serious incident in the last year: " + ("yes" if incident else "no"))
    else:
        reasons.append("過去1年以内の重大事故の有無が不明")
        reasons_en.append("serious incident in the last year: not known")

    possible = set()
    outcomes = {}
    for many_case in (False, True):
        if handlers is not None and incident is not None:
            many_case = handlers >= limit or incident
        elif (handlers is not None and handlers >= limit) or incident is True:
            many_case = True
        row = _row(people, many_case)
        possible.add(row["level"])
        outcomes[row["level"]] = row
    if len(possible) > 1:
        reasons.append("取扱者数または重大事故の有無によって結果が変わるため判断できない")
        reasons_en.append("the result depends on the missing handler count or incident answer")
        return ThresholdResult("unknown", tuple(reasons), tuple(reasons_en), people, handlers, incident)
    row = next(iter(outcomes.values()))
    reasons.append(f"→ {row['ja']}")
    reasons_en.append(f"→ {row['en']}")
    return ThresholdResult(row["level"], tuple(reasons), tuple(reasons_en), people, handlers, incident)


def judge_scheme(scheme: Scheme) -> ThresholdResult:
    people = scheme.people_count if isinstance(scheme.people_count, int) else None
    staff, contractor = scheme.handlers.staff, scheme.handlers.contractor_staff
    handlers = staff + contractor if isinstance(staff, int) and isinstance(contractor, int) else None
    incident = scheme.serious_incident_last_year if isinstance(scheme.serious_incident_last_year, bool) else None
    # One known count already over the line decides it, whatever the other count is.
    partial = sum(h for h in (staff, contractor) if isinstance(h, int))
    if handlers is None and partial >= int(table()["handler_limit"]):
        handlers = partial
    return judge(people, handlers, incident)
