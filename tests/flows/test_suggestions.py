""" "Did you mean" meets owners where they are: a Japanese or English label, an alias, an id in capitals gets
the vocabulary id; a typo in a field name or an element id gets the name; and suggesting stays linear however
many ids are unknown, with the errors capped and the rest counted."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.catalog.vocabularies import Suggester, vocabulary
from pia_toolkit.flows.errors import MAX_ERRORS
from tests.model_text import DATA, NODES, SCHEME, validate, write

GENERATED = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")
    return tmp_path


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Where each vocabulary is written in a model, as a template for one element that uses {value} there.
PLACES = {
    "node_kinds": ("nodes", "{id: e%d, title: T, kind: %s}"),
    "zone_kinds": ("zones", "{id: e%d, title: T, kind: %s}"),
    "data_categories": ("data", "{id: e%d, title: T, category: %s}"),
    "channels": ("flows", "{id: e%d, from: ward, to: sys, data: [name], channel: %s}"),
}


def _model(vocab: str, values: list[str]) -> str:
    section, template = PLACES[vocab]
    entries = "".join(f"  - {template % (i, _quoted(v))}\n" for i, v in enumerate(values))
    base = {"nodes": NODES, "data": DATA, "zones": "", "flows": ""}
    base[section] = (base[section] or f"{section}:\n") + entries
    return SCHEME + "".join(base.values())


def _terms_with_labels(vocab: str) -> list[tuple[str, str]]:
    return [(term.id, label) for term in vocabulary(vocab).terms.values() for label in (term.ja, term.en)]


@pytest.mark.parametrize("vocab", sorted(PLACES))
def test_a_label_written_where_the_id_belongs_is_answered_with_the_id(project: Path, vocab: str) -> None:
    pairs = [(term_id, label) for term_id, label in _terms_with_labels(vocab) if label.casefold() != term_id]
    result = validate(write(project, f"{vocab}.yaml", _model(vocab, [label for _, label in pairs])), "en")
    assert result.exit_code == 2
    for term_id, label in pairs:
        [text] = [error.text for error in result.errors if f"'{label}' is not a known" in error.text]
        assert f"write '{term_id}'" in text or f"did you mean '{term_id}'" in text, (label, text)


@pytest.mark.parametrize("vocab", sorted(PLACES))
def test_every_alias_in_the_catalogue_leads_to_its_own_term(vocab: str) -> None:
    terms = vocabulary(vocab)
    for term in terms.terms.values():
        for alias in term.extra.get("aliases") or ():
            words = alias["words"] if isinstance(alias, dict) else [alias]
            for word in words:
                found = terms.suggestion(word)
                assert found is not None and found.id == term.id, (vocab, word, found)


@GENERATED
@given(
    vocab=st.sampled_from(sorted(PLACES)),
    data=st.data(),
)
def test_an_id_in_another_case_or_width_is_answered_with_the_id(project: Path, vocab: str, data: st.DataObject) -> None:
    term_id = data.draw(st.sampled_from(vocabulary(vocab).ids))
    flips = data.draw(st.lists(st.booleans(), min_size=len(term_id), max_size=len(term_id)))
    written = "".join(c.upper() if flip else c for c, flip in zip(term_id, flips, strict=True))
    if data.draw(st.booleans()):  # full-width, as a Japanese IME types it
        written = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in written)
    if written == term_id:
        written = term_id.upper()
    result = validate(write(project, "case.yaml", _model(vocab, [written])), "en")
    assert result.exit_code == 2
    [error] = [e for e in result.errors if written in e.text]
    assert f"did you mean '{term_id}'" in error.text


@pytest.mark.parametrize(
    ("vocab", "written", "words"),
    [
        ("channels", "usb", "write 'flash_memory'"),
        ("channels", "USBメモリ", "write 'flash_memory'"),
        ("channels", "LGWAN", "did you mean 'lgwan'"),
        ("node_kinds", "委託先", "write 'contractor'"),
        ("node_kinds", "クラウド", "write 'cloud_service'"),
        ("node_kinds", "gateway", "kind: system with boundary: sanitising"),
        ("node_kinds", "ゲートウェイ", "kind: system with boundary: sanitising"),
        ("zone_kinds", "LGWAN", "did you mean 'lgwan'"),
        ("node_kinds", "contracter", "did you mean 'contractor'"),
    ],
)
def test_words_owners_write_get_the_id(project: Path, vocab: str, written: str, words: str) -> None:
    result = validate(write(project, "words.yaml", _model(vocab, [written])), "en")
    [error] = [e for e in result.errors if written in e.text]
    assert words in error.text
    # Our wording only: pydantic's own sentence is not shown above or beside it.
    assert "is not a known" in error.text and "Value error" not in result.stderr
    assert result.stderr.count(f"'{written}'") == 1


def test_gateway_is_explained_in_japanese(project: Path) -> None:
    result = validate(write(project, "gw.yaml", _model("node_kinds", ["gateway"])), "ja")
    assert "boundary: sanitising" in result.stderr and "無害化" in result.stderr


def test_a_typo_in_an_id_among_many_finds_the_id_without_comparing_with_each(monkeypatch: pytest.MonkeyPatch) -> None:
    known = [f"node_{i:05d}_system" for i in range(20_000)]
    wrong = [f"node_{i:05d}_sytem" for i in range(0, 20_000, 40)]
    compared = 0
    original = difflib.SequenceMatcher

    class Counting(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            nonlocal compared
            compared += 1
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    suggest = Suggester(known)
    answers = [suggest(w) for w in wrong]
    assert answers == [w.replace("sytem", "system") for w in wrong]
    assert compared <= 3 * len(wrong)  # a handful of candidates each, not 20,000


@pytest.mark.parametrize("count", [MAX_ERRORS + 1, 50_000])
def test_unknown_references_are_capped_with_a_count_of_the_rest(project: Path, count: int) -> None:
    listed = ", ".join(f"z{i}" for i in range(count))
    text = SCHEME + DATA + NODES + f"flows:\n  - {{id: f, from: ward, to: sys, data: [{listed}]}}\n"
    model = write(project, "many.yaml", text)
    english = validate(model, "en")
    assert english.exit_code == 2
    errors = english.errors
    assert len(errors) == MAX_ERRORS + 1
    assert all("unknown data item" in e.text for e in errors[:-1])
    assert f"and {count - MAX_ERRORS:,} more errors" in errors[-1].text
    japanese = validate(model, "ja")
    assert f"ほかに{count - MAX_ERRORS:,}件" in japanese.errors[-1].text


def test_a_typo_in_a_node_id_among_ten_thousand_is_suggested(project: Path) -> None:
    nodes = "".join(f"  - {{id: node{i}, title: N, kind: system}}\n" for i in range(10_000))
    flows = "".join(f"  - {{id: f{i}, from: node{i}, to: nod{i}x, data: [name]}}\n" for i in range(300))
    model = write(project, "typo.yaml", SCHEME + DATA + "nodes:\n" + nodes + "flows:\n" + flows)
    result = validate(model, "en")
    texts = [e.text for e in result.errors]
    assert "flow 'f7' names an unknown node 'nod7x' (did you mean 'node7'?)" in texts
