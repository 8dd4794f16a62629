"""Triage decisions kept beside a model (``<model>.triage.yaml``), referring to finding ids.

```yaml
decisions:
  - finding: NET-02@f_entry_general_line
    status: accepted            # accepted | mitigated | false_positive | in_discussion
    justification: 区の情報セキュリティ委員会で比較表を確認済み
    by: 情報政策課 山田
    date: 2022-12-27
    review_due: 2023-12-27
  - finding: "DAT-03@*"         # wildcards (* and ?) match several findings
    status: false_positive
    justification: 中継サーバは保存しない
    by: 情報政策課
    date: 2023-01-10
```
A decision that matches no finding any more is reported, never dropped silently. A decision whose
``review_due`` has passed no longer closes its finding: the finding is open again and says why. A wildcard
names its rule (``DAT-03@*``, never ``*``), and every report says how many findings each wildcard closed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from pia_toolkit.catalog.texts import say
from pia_toolkit.pia import clock
from pia_toolkit.pia.findings import Finding, TriageDecision
from pia_toolkit.pia.userfiles import Stated, load_validated

STATUSES = ("accepted", "mitigated", "false_positive", "in_discussion")
"""Labels: ``common.triage.<status>`` in the message catalogue."""


def status_label(status: str, lang: str = "ja") -> str:
    return say(f"common.triage.{status}", lang) if status in STATUSES else status


_WILDCARDS = frozenset("*?[")


def is_wildcard(pattern: str) -> bool:
    return not _WILDCARDS.isdisjoint(pattern)


def _one_rule(pattern: str) -> str:
    """A wildcard closes findings of the one rule it names: ``*`` or ``NET-*@x`` would close whole families of
    findings on a single justification, so the rule part (before ``@``) must be written out."""
    rule, at, _ = pattern.partition("@")
    if is_wildcard(pattern) and (not at or not rule or is_wildcard(rule)):
        raise PydanticCustomError("wildcard_rule", "a wildcard must name its rule, e.g. DAT-03@*")
    return pattern


class DecisionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    finding: Annotated[Stated, AfterValidator(_one_rule)] = Field(
        description="finding id, or a pattern with * and ? after the rule id (DAT-03@*)"
    )
    status: Literal["accepted", "mitigated", "false_positive", "in_discussion"]
    justification: Stated
    by: Stated
    date: dt.date
    review_due: dt.date | None = None


class TriageFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    decisions: list[DecisionEntry] = Field(default_factory=list)


def triage_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name.removesuffix(".yaml").removesuffix(".yml") + ".triage.yaml")


class Triage:
    def __init__(self, decisions: list[TriageDecision]) -> None:
        self.decisions = decisions

    @classmethod
    def load(cls, path: Path) -> Triage:
        file, source = load_validated(path, TriageFile)
        return cls(
            [
                TriageDecision(
                    pattern=entry.finding,
                    status=entry.status,
                    justification=entry.justification,
                    by=entry.by,
                    date=entry.date.isoformat(),
                    review_due=entry.review_due.isoformat() if entry.review_due else None,
                    position=source.locate(("decisions", index)),
                )
                for index, entry in enumerate(file.decisions)
            ]
        )

    @classmethod
    def beside(cls, model_path: Path) -> Triage | None:
        path = triage_path(model_path)
        return cls.load(path) if path.is_file() else None

    def apply(self, findings: list[Finding], today: dt.date | None = None) -> TriageOutcome:
        """Attach each finding's decision (an exact id wins over a pattern, the first pattern over later ones);
        a decision past its ``review_due`` is recorded on the finding as expired and closes nothing.

        Linear in findings and exact decisions: patterns are looked up among those of the finding's rule."""
        today = today or clock.today()
        exact: dict[str, int] = {}
        patterns: dict[str, list[int]] = {}
        for position, decision in enumerate(self.decisions):
            if is_wildcard(decision.pattern):
                patterns.setdefault(decision.pattern.partition("@")[0], []).append(position)
            else:
                exact.setdefault(decision.pattern, position)
        used: set[int] = set()
        closed_by_pattern: Counter[int] = Counter()
        for finding in findings:
            index: int | None = exact.get(finding.id)
            if index is None:
                candidates = patterns.get(finding.rule_id, ())
                index = next((i for i in candidates if fnmatchcase(finding.id, self.decisions[i].pattern)), None)
            if index is None:
                continue
            used.add(index)
            decision = self.decisions[index]
            if decision.review_due is not None and decision.review_due < today.isoformat():
                finding.expired_triage = decision
                continue
            finding.triage = decision
            if is_wildcard(decision.pattern) and not finding.open:
                closed_by_pattern[index] += 1
        return TriageOutcome(
            stale=[d for i, d in enumerate(self.decisions) if i not in used],
            expired=list(dict.fromkeys(f.expired_triage for f in findings if f.expired_triage is not None)),
            wildcards=[(self.decisions[i], count) for i, count in sorted(closed_by_pattern.items())],
        )


@dataclass
class TriageOutcome:
    """What applying the decisions did, beyond the findings themselves: for the summary of every report."""

    stale: list[TriageDecision] = field(default_factory=list)
    """Decisions that match no finding any more."""
    expired: list[TriageDecision] = field(default_factory=list)
    """Decisions past their review date: their findings are open again."""
    wildcards: list[tuple[TriageDecision, int]] = field(default_factory=list)
    """Each wildcard decision that closed findings, with how many."""


def record_decision(
    path: Path,
    finding: str,
    status: str,
    justification: str,
    by: str,
    date: dt.date | None = None,
    review_due: dt.date | None = None,
) -> TriageDecision:
    """Write one decision about ``finding`` (an exact id) into the triage file at ``path``, as the loader reads it.

    The entry is checked by the same model the loader uses, so a blank justification or ``by`` (spaces only),
    an unknown status or a bare wildcard is refused with ``ValueError`` before anything is written. An earlier
    decision with the same id is replaced; other decisions, comments and order are kept. The file is written
    atomically and read back through :meth:`Triage.load`, so what was written is what ``pia check`` will see.
    """
    from pydantic import ValidationError
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from pia_toolkit.pia.assessment.document import atomic_write_text

    try:
        entry = DecisionEntry(
            finding=finding,
            status=status,
            justification=justification,
            by=by,
            date=date or clock.today(),
            review_due=review_due,
        )
    except ValidationError as error:
        fields = ", ".join(str(e["loc"][0]) for e in error.errors() if e.get("loc"))
        raise ValueError(f"triage decision not written: {fields or error}") from None
    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a triage file (a mapping with decisions:)")
    decisions = data.get("decisions")
    if decisions is None:
        decisions = data["decisions"] = CommentedSeq()
    if not isinstance(decisions, list):
        raise ValueError(f"{path}: decisions is not a list")
    row = CommentedMap()
    row["finding"] = entry.finding
    row["status"] = entry.status
    row["justification"] = entry.justification
    row["by"] = entry.by
    row["date"] = entry.date
    if entry.review_due is not None:
        row["review_due"] = entry.review_due
    same = [i for i, d in enumerate(decisions) if isinstance(d, dict) and d.get("finding") == entry.finding]
    if same:
        decisions[same[0]] = row
        for index in reversed(same[1:]):
            del decisions[index]
    else:
        decisions.append(row)
    from io import StringIO

    buffer = StringIO()
    yaml.dump(data, buffer)
    TriageFile.model_validate(YAML(typ="safe").load(buffer.getvalue()))  # the whole file, as the loader sees it
    atomic_write_text(path, buffer.getvalue())
    loaded = Triage.load(path)
    return next(d for d in loaded.decisions if d.pattern == entry.finding)
