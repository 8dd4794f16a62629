"""The reviewer's report record (第三者点検の記録): who reviewed, for which organisation, when, and what they
concluded. It lives in the assessment's header, so the signed report can be printed again at any time:

```yaml
assessment:
  review:
    reviewer: 山田 花子
    organisation: 世田谷区情報公開・個人情報保護審議会
    date: 2026-11-20
    conclusion: |
      評価書の記載は概ね妥当である。ただし…
```

    record = review_record(assessment)                  # None until someone records a review
    set_review_record(assessment, ReviewRecord(...))    # written at once (atomically), like every answer

``pia export --reviewer … --reviewer-org … --review-date … --conclusion …`` writes it; the review app calls
:func:`set_review_record` from its form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.assessment.shape import REVIEW_FIELDS

FIELDS = REVIEW_FIELDS


@dataclass(frozen=True)
class ReviewRecord:
    reviewer: str = ""
    organisation: str = ""
    date: str = ""
    """ISO date (YYYY-MM-DD) of the review."""
    conclusion: str = ""
    """第三者点検の結果: the reviewer's conclusion, in their own words."""

    @property
    def empty(self) -> bool:
        return not any((self.reviewer, self.organisation, self.date, self.conclusion))

    def merged(self, other: ReviewRecord) -> ReviewRecord:
        """This record with every field ``other`` gives replacing the stored one."""
        return ReviewRecord(*(getattr(other, name) or getattr(self, name) for name in FIELDS))


def parse_date(value: str) -> str:
    """``value`` as an ISO date; raises ValueError when it is not one (2026-11-20)."""
    return dt.date.fromisoformat(value.strip()).isoformat()


def review_record(assessment: Assessment) -> ReviewRecord | None:
    """The recorded review, or None when the header has none."""
    stored = assessment.header.get("review")
    if not isinstance(stored, dict):
        return None
    record = ReviewRecord(*(str(stored.get(name) or "").strip() for name in FIELDS))
    return None if record.empty else record


def set_review_record(assessment: Assessment, record: ReviewRecord, *, save: bool = True) -> None:
    """Store ``record`` in the assessment header (empty fields are left out) and save the file."""
    entry = CommentedMap()
    for name in FIELDS:
        value = getattr(record, name)
        if value:
            entry[name] = LiteralScalarString(value) if "\n" in value else value
    assessment.data["assessment"]["review"] = entry
    if save:
        assessment.save()
