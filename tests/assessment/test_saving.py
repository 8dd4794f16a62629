"""Whatever a save reports as written reads back as written: any text through every ``set_*`` writer, files
that keep their mode and symlinks, no temporary copies left behind, and one backup of the previous version."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.pia.assessment import yaml_read, yaml_text
from pia_toolkit.pia.assessment.disk import SaveRefused
from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.assessment.init import init_assessment
from tests.conftest import run_cli

ITEM = "I-7-2-section-head"
OTHER_ITEM = "II-4-entrustments"
SPECIAL = [
    "\x00", "\x07", "\x1b", "\t", "\r", "\r\n", "\n", "\n\n", " ", "  ", "\u2028", "\u2029", "\x85", "\ufeff",
    "\ufffe", "\uffff", "\ud800", "\udfff", "\U0001f600", "\u3000", "'", '"', "\\", "#", " #", ": ", ":", "-",
    "- ", "---", "...", "? ", "|", ">", "&a", "*a", "!", "%", "@", "`", "{", "}", "[", "]", ",", "~", "null",
    "yes", "No", "true", "0x1F", "1e3", "012", "2024-03-01", ".inf", "<<", "=", '{"key": [1, "two", null]}',
    "区民部", "国保年金課", "①", "a", "B",
]  # fmt: skip
texts = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=40),
    st.lists(st.sampled_from(SPECIAL), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=5)), max_size=8).map("".join),
)
scalars = st.one_of(
    texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False), st.dates().map(dt.date.isoformat)
)
answers = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def expected(value: Any) -> Any:
    """What the file holds for ``value``: lone surrogates, which no UTF-8 file can hold, are U+FFFD."""
    if isinstance(value, str):
        return yaml_text.clean(value)[0]
    if isinstance(value, list):
        return [expected(v) for v in value]
    if isinstance(value, dict):
        return {expected(k): expected(v) for k, v in value.items()}
    return value


def surrogates(value: Any) -> bool:
    if isinstance(value, str):
        return yaml_text.has_surrogates(value)
    if isinstance(value, list):
        return any(surrogates(v) for v in value)
    if isinstance(value, dict):
        return any(surrogates(k) or surrogates(v) for k, v in value.items())
    return False


@pytest.fixture
def document(kokuho: Path) -> Assessment:
    return init_assessment(kokuho)[0]


def reread(document: Assessment) -> Assessment:
    return Assessment.load(document.path)


# ---- any text, through every writer --------------------------------------------------------------------
@SETTINGS
@given(answer=answers)
def test_any_answer_reads_back_as_saved(document: Assessment, answer: Any) -> None:
    document.set_answer(ITEM, answer)
    assert reread(document).state(ITEM).answer == expected(answer)
    notes = document.take_notes()
    assert bool(notes) == surrogates(answer)
    if notes:
        assert "U+FFFD" in notes[0].text("en") and ITEM in notes[0].text("ja")


@SETTINGS
@given(comment=texts, who=texts, due=st.one_of(st.just(""), st.dates().map(dt.date.isoformat)))
def test_any_comment_and_action_read_back_as_saved(document: Assessment, comment: str, who: str, due: str) -> None:
    document.set_comment(ITEM, comment)
    document.set_action(ITEM, who, due)
    state = reread(document).state(ITEM)
    assert state.comment == (expected(comment) or None)
    if who or due:
        assert (state.action_who, state.action_due) == (expected(who), expected(due))
    else:
        assert state.action_who is None and state.action_due is None


@SETTINGS
@given(answer=answers, refs=st.lists(texts, max_size=5), entered=answers)
def test_any_model_answer_reads_back_as_saved(document: Assessment, answer: Any, refs: list[str], entered: Any) -> None:
    document.set_model_answer(OTHER_ITEM, answer, refs)
    again = reread(document)
    assert again.state(OTHER_ITEM).answer == expected(answer)
    assert list(again.state(OTHER_ITEM).model_refs) == [str(r) for r in expected(refs)]
    assert not again.edited_by_hand(OTHER_ITEM)
    document.set_answer(OTHER_ITEM, entered, save=False)
    document.record_model_answer(OTHER_ITEM, answer, refs)
    document.set_verdict(OTHER_ITEM, "needs_improvement")
    again = reread(document)
    assert again.state(OTHER_ITEM).answer == expected(entered)
    assert again.model_answer(OTHER_ITEM) == expected(answer)


@SETTINGS
@given(comment=texts, answer=answers)
def test_text_beside_a_persons_comments_reads_back_too(document: Assessment, comment: str, answer: Any) -> None:
    """Items with hand-written comments are written by ruamel.yaml's round-trip emitter; the result still reads."""
    if "# 確認済み" not in document.path.read_text(encoding="utf-8"):
        document.set_answer(ITEM, "課長")
        text = document.path.read_text(encoding="utf-8")
        text = text.replace(f"  {ITEM}:\n", f"  {ITEM}:  # 確認済み\n", 1)
        text = text.replace("    source: entered\n", "    source: entered  # 手入力\n", 1)
        document.path.write_text(text, encoding="utf-8")
        document.reload()
    document.set_answer(ITEM, answer, save=False)
    document.set_comment(ITEM, comment)
    again = reread(document)
    assert again.state(ITEM).answer == expected(answer)
    assert again.state(ITEM).comment == (expected(comment) or None)
    assert "# 確認済み" in document.path.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(value=answers, flow=st.booleans())
def test_the_writer_and_the_reader_agree_on_any_value(value: Any, flow: bool) -> None:
    """The fast writer's text reads back as the value, with the fast reader and with ruamel's round-trip one."""
    clean = expected(value)
    data = yaml_read.read("---\na: 1\n...\n", "t")
    data["items"] = {"x": {"answer": clean}}
    if flow and isinstance(clean, list):
        data["items"]["x"]["answer"] = yaml_read.read(yaml_text.emit(data), "t")["items"]["x"]["answer"]
        data["items"]["x"]["answer"].fa.set_flow_style()
    text = yaml_text.emit(data)
    assert yaml_read.read(text, "t", values_only=True)["items"]["x"]["answer"] == clean
    assert yaml_read.read(text, "t")["items"]["x"]["answer"] == clean
    assert yaml_text.round_trip_yaml().load(text)["items"]["x"]["answer"] == clean


def test_a_model_title_with_control_characters_is_saved_and_read_back(kokuho: Path) -> None:
    text = kokuho.read_text(encoding="utf-8")
    business = '国民健康保険\\a事務\\u2028（改行\\x85区切り）\\t\\"引用\\" #1: {json}'
    kokuho.write_text(
        text.replace("business: 国民健康保険の資格及び給付に関する事務", f'business: "{business}"'), "utf-8"
    )
    document = init_assessment(kokuho)[0]
    wanted = '国民健康保険\a事務\u2028（改行\x85区切り）\t"引用" #1: {json}'
    assert reread(document).state("I-1-1-business-name").answer == wanted
    assert run_cli("assess", "status", kokuho).exit_code == 0


def test_a_save_whose_text_would_not_read_back_is_refused_and_the_file_kept(
    document: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = document.path.read_bytes()
    real = yaml_text.emit
    monkeypatch.setattr(yaml_text, "emit", lambda data: real(data).replace("source: entered", "source: entere"))
    with pytest.raises(SaveRefused) as refused:
        document.set_answer(ITEM, "課長")
    assert "would not read back" in refused.value.text("en") and "entere" in refused.value.text("en")
    assert "読み戻すと一致しない" in str(refused.value)
    assert document.path.read_bytes() == before


# ---- the file itself -----------------------------------------------------------------------------------
def test_a_save_keeps_the_files_mode(document: Assessment) -> None:
    document.path.chmod(0o640)
    document.set_answer(ITEM, "課長")
    assert stat.S_IMODE(document.path.stat().st_mode) == 0o640
    document.path.chmod(0o664)
    document.set_verdict(ITEM, "adequate")
    assert stat.S_IMODE(document.path.stat().st_mode) == 0o664


def test_a_new_file_gets_the_usual_mode(kokuho: Path) -> None:
    previous = os.umask(0o022)
    try:
        document = init_assessment(kokuho)[0]
    finally:
        os.umask(previous)
    assert stat.S_IMODE(document.path.stat().st_mode) == 0o644


def test_a_symlinked_assessment_stays_a_symlink(kokuho: Path) -> None:
    store = kokuho.parent / "store"
    store.mkdir()
    target = store / "kokuho-2024.assessment.yaml"
    link = kokuho.with_name("kokuho.assessment.yaml")
    init_assessment(kokuho, target)
    link.symlink_to(target)
    document = Assessment.load(link)
    document.set_answer(ITEM, "課長")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert Assessment.load(target).state(ITEM).answer == "課長"
    assert run_cli("assess", "init", kokuho).exit_code == 0
    assert link.is_symlink() and Assessment.load(target).state(ITEM).answer == "課長"


def test_temporary_copies_a_killed_save_left_are_removed_on_the_next_open_and_save(document: Assessment) -> None:
    folder = document.path.parent
    left = [folder / f".{document.path.name}.{suffix}.tmp" for suffix in ("a1b2c3d4", "zz_99x0y")]
    unrelated = [folder / ".other.yaml.a1b2c3d4.tmp", folder / f".{document.path.name}.not-ours.tmp"]
    for path in left + unrelated:
        path.write_text("a copy of the whole file\n", encoding="utf-8")
    Assessment.load(document.path)
    assert not any(p.exists() for p in left) and all(p.exists() for p in unrelated)

    left[0].write_text("another\n", encoding="utf-8")
    document.set_answer(ITEM, "課長")
    assert not left[0].exists() and all(p.exists() for p in unrelated)


def test_an_interrupted_save_leaves_no_temporary_file(document: Assessment, monkeypatch: pytest.MonkeyPatch) -> None:
    before = document.path.read_bytes()

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        document.set_answer(ITEM, "課長")
    assert document.path.read_bytes() == before
    assert [p.name for p in document.path.parent.iterdir() if p.name.endswith(".tmp")] == []


# ---- the backup ----------------------------------------------------------------------------------------
def test_assess_init_keeps_the_previous_version_beside_it_and_says_so(kokuho: Path) -> None:
    assessment = kokuho.with_name("kokuho.assessment.yaml")
    backup = kokuho.with_name("kokuho.assessment.yaml.bak")
    first = run_cli("assess", "init", kokuho, "--lang", "en")
    assert first.exit_code == 0 and not backup.exists() and ".bak" not in first.stdout

    Assessment.load(assessment).set_answer(ITEM, "課長")
    version_1 = assessment.read_bytes()
    second = run_cli("assess", "init", kokuho, "--lang", "en")
    assert second.exit_code == 0
    assert "previous version is kept in" in second.stdout and "kokuho.assessment.yaml.bak" in second.stdout
    assert backup.read_bytes() == version_1
    assert stat.S_IMODE(backup.stat().st_mode) == stat.S_IMODE(assessment.stat().st_mode)

    version_2 = assessment.read_bytes()
    assert "以前の版を" in run_cli("assess", "init", kokuho).stdout
    assert backup.read_bytes() == version_2, "only the last previous version is kept"
    assert sorted(p.name for p in kokuho.parent.iterdir() if "assessment" in p.name) == [
        "kokuho.assessment.yaml",
        "kokuho.assessment.yaml.bak",
    ]
    assert Assessment.load(backup).state(ITEM).answer == "課長"


SAVING_FOREVER = """
import sys
from pathlib import Path
from pia_toolkit.pia.assessment.document import Assessment

document = Assessment.load(Path(sys.argv[1]))
rows = [{"id": f"f{i}", "title": f"流れ {i}: 住民記録システム → 国保システム"} for i in range(4000)]
n = 0
while True:
    n += 1
    document.set_answer("II-4-entrustments", rows + [n])
"""


def test_a_save_killed_midway_leaves_the_file_whole_and_its_copy_is_cleaned_on_the_next_open(
    document: Assessment,
) -> None:
    """SIGKILL while a temporary copy is being written: the file still reads (the old or the new version), and
    the copy the killed save left is removed by the next open."""
    import signal
    import subprocess
    import sys
    import time

    folder = document.path.parent
    original = document.state("II-4-entrustments").answer
    for attempt in range(3):
        saver = subprocess.Popen([sys.executable, "-c", SAVING_FOREVER, str(document.path)])
        try:
            deadline = time.monotonic() + 60
            copies: list[Path] = []
            while not copies and time.monotonic() < deadline and saver.poll() is None:
                copies = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
            saver.send_signal(signal.SIGKILL)
        finally:
            saver.wait()
        assert copies, f"attempt {attempt}: the saver never wrote a temporary copy"
        opened = Assessment.load(document.path)  # reads whole: no located error
        answer = opened.state("II-4-entrustments").answer
        assert answer == original or (isinstance(answer, list) and len(answer) == 4001)
        assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
