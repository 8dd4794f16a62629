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
A decision that matches no finding any more is reported, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pia_toolkit.catalog.texts import say
from pia_toolkit.pia.findings import Finding, TriageDecision
from pia_toolkit.pia.userfiles import load_validated

STATUSES = ("accepted", "mitigated", "false_positive", "in_discussion")
"""Labels: ``common.triage.<status>`` in the message catalogue."""


def status_label(status: str, lang: str = "ja") -> str:
    return say(f"common.triage.{status}", lang) if status in STATUSES else status


class DecisionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    finding: str = Field(min_length=1, description="finding id, or a pattern with * and ?")
    status: Literal["accepted", "mitigated", "false_positive", "in_discussion"]
    justification: str = Field(min_length=1)
    by: str = Field(min_length=1)
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

    def apply(self, findings: list[Finding]) -> list[TriageDecision]:
        """Attach each finding's decision (an exact id wins over a pattern); return decisions that matched none."""
        used: set[int] = set()
        exact = {d.pattern: i for i, d in enumerate(self.decisions)}
        for finding in findings:
            index = exact.get(finding.id)
            if index is None:
                index = next(
                    (i for i, d in enumerate(self.decisions) if fnmatchcase(finding.id, d.pattern)),
                    None,
                )
            if index is not None:
                finding.triage = self.decisions[index]
                used.add(index)
        return [d for i, d in enumerate(self.decisions) if i not in used]
