"""The organisation's policy file: change a rule's severity or switch it off, always with a reason.

```yaml
# pia-policy.yaml
rules:
  NET-05: {severity: high, reason: 当区ではFAX誤送信事故が続いたため}
  DAT-03: {enabled: false, reason: 中継のみの節点は別途台帳で管理}
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.flows.loader import find_project_root
from pia_toolkit.flows.paths import resolved
from pia_toolkit.pia.userfiles import Stated, load_validated

POLICY_FILE = "pia-policy.yaml"


class RulePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Literal["critical", "high", "medium", "low"] | None = None
    enabled: bool = True
    reason: Stated = Field(description="なぜ変更するのか（必須）")


class PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: dict[str, RulePolicy] = Field(default_factory=dict)


class Policy:
    def __init__(self, file: PolicyFile | None = None, path: Path | None = None) -> None:
        self.file = file or PolicyFile()
        self.path = path

    @classmethod
    def load(cls, path: Path) -> Policy:
        file, _ = load_validated(path, PolicyFile)
        return cls(file, path)

    @classmethod
    def find(cls, model_path: Path) -> Policy:
        """The policy file next to the model or in a folder above it up to the project root, if there is one.

        Never above the project: a ``pia-policy.yaml`` left in a home folder or ``/tmp`` must not switch rules
        off for every project below it. Without a project marker only the model's own folder is looked in."""
        model = resolved(model_path)
        root = find_project_root(model)
        folders = [model.parent, *model.parent.parents]
        for folder in folders[: folders.index(root) + 1] if root in folders else folders[:1]:
            candidate = folder / POLICY_FILE
            if candidate.is_file():
                return cls.load(candidate)
        return cls()

    def enabled(self, rule_id: str) -> bool:
        entry = self.file.rules.get(rule_id)
        return entry is None or entry.enabled

    def severity(self, rule_id: str, default: Severity) -> Severity:
        entry = self.file.rules.get(rule_id)
        return Severity[entry.severity] if entry and entry.severity else default

    def reason(self, rule_id: str) -> str:
        entry = self.file.rules.get(rule_id)
        return entry.reason if entry else ""

    def unknown_rules(self, known: set[str]) -> list[str]:
        return [rule_id for rule_id in self.file.rules if rule_id not in known]
