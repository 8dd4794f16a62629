"""A scheme without 特定個人情報 is assessed in the same form, worded for 個人情報: the review app, ``assess status``
and the PDF say 個人情報ファイル alike, and a My Number scheme keeps the form's own words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_toolkit.pia.assessment.form import FormCatalog, full_item_form
from pia_toolkit.pia.checked import open_model
from tests.conftest import EXAMPLES

MODELS = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith((".triage.yaml", ".assessment.yaml")))


def _texts(form: FormCatalog, lang: str) -> Iterator[str]:
    for section in form.sections:
        yield section.text(lang)
        for item in section.items:
            yield item.text(lang)
            yield item.help_text(lang)
            yield from item.heading_path(lang)
            yield from (choice.text(lang) for choice in item.choices)
            for block_field in item.fields:
                yield block_field.text(lang)
                yield from (choice.text(lang) for choice in block_field.choices)


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_the_form_is_worded_for_what_the_scheme_handles(model: Path, tmp_path: Path) -> None:
    checked = open_model(model, assessment="prefilled", assessment_file=tmp_path / "a.assessment.yaml")
    form = checked.document.form
    if checked.threshold.my_number:
        assert form is full_item_form()
        return
    assert [item.id for item in form.items] == [item.id for item in full_item_form().items]  # the same items
    # 特定個人情報保護評価（計画管理書…）names the assessment scheme itself, a proper noun that stays
    assert not [text for text in _texts(form, "ja") if "特定個人情報" in text.replace("特定個人情報保護評価", "")]
    assert not [text for text in _texts(form, "en") if "pecific personal information" in text]
    assert any("個人情報ファイル" in text for text in _texts(form, "ja"))
