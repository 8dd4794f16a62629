"""The triage file the app writes: read back by the loader as written, other decisions and comments kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pia_toolkit.pia.triage import Triage, record_decision

EXISTING = """\
# decisions of the information security committee
decisions:
  - finding: DAT-03@*
    status: false_positive
    justification: 中継サーバは保存しない
    by: 情報政策課
    date: 2023-01-10
"""


def test_a_decision_is_added_then_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.triage.yaml"
    path.write_text(EXISTING, encoding="utf-8")
    record_decision(path, "NET-02@f1", "accepted", "比較表を確認", "山田", dt.date(2024, 4, 1))
    record_decision(path, "NET-02@f1", "mitigated", "VPN導入済み", "山田", dt.date(2024, 5, 1), dt.date(2025, 5, 1))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# decisions of the information security committee")
    decisions = Triage.load(path).decisions
    assert [(d.pattern, d.status, d.justification, d.date, d.review_due) for d in decisions] == [
        ("DAT-03@*", "false_positive", "中継サーバは保存しない", "2023-01-10", None),
        ("NET-02@f1", "mitigated", "VPN導入済み", "2024-05-01", "2025-05-01"),
    ]


@pytest.mark.parametrize(
    ("justification", "by", "status"), [("   ", "山田", "accepted"), ("理由", " ", "accepted"), ("理由", "山田", "ok")]
)
def test_blank_reasons_and_unknown_statuses_are_refused_before_writing(
    tmp_path: Path, justification: str, by: str, status: str
) -> None:
    path = tmp_path / "m.triage.yaml"
    with pytest.raises(ValueError, match="not written"):
        record_decision(path, "NET-02@f1", status, justification, by)
    assert not path.exists()
