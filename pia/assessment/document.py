"""The assessment document: a YAML file beside the flow model holding answers and reviewer verdicts.

```yaml
assessment:
  model: setagaya-999-childbirth-support.yaml
  form: full_item
  form_version: 平成28年1月 様式4
  scheme: setagaya-999         # the model's scheme id: a model of another scheme may not use this file
items:
  I-1-business-name:
    answer: 出産・子育て応援事業
    source: model            # model: pre-filled from the flow model; entered: typed by a person
    model_refs: [scheme]     # model elements the pre-filled answer came from
    model_digest: 1f0c…      # fingerprint of the model's answer (tells an owner's edit from a model change)
    stale: false             # the item no longer follows from the model; kept, flagged
    verdict: needs_improvement   # adequate 妥当 | needs_improvement 要改善 | needs_correction 要修正
    comment: ...
    action: {who: 保健福祉政策課, due: 2023-03-31}
  II-5-provisions:
    answer: ...              # entered by the owner
    source: entered
    model_answer: ...        # what the model says now, kept beside an entered answer that differs
approved:                    # ※ items as approved last time, for the significant-change list
  I-1-business-name: ...
```

Reading (:meth:`Assessment.load`, the YAML through :mod:`.yaml_read`) refuses, with every problem at its
file:line:column, a file that does not read back whole: not UTF-8, bad YAML, too large, not a file, or not an
assessment (:mod:`.shape`). An empty file is refused too: only a missing file means "no assessment yet".

Saving (:meth:`Assessment.save`) writes a person's comments back (ruamel.yaml round-trip where they are, a fast
exact writer elsewhere: :mod:`.yaml_text`), reads the text back before it replaces the file (a text that does not
read back as the document is never written), replaces the file atomically with its mode kept and a symlink kept
(:mod:`.disk`), and, when another session changed the file since it was read, merges both sessions' changes item
by item or refuses with :class:`~.merge.AssessmentConflict` (:mod:`.merge`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap

from pia_toolkit.catalog.texts import Message, message, say
from pia_toolkit.flows.errors import ModelLoadError, Position, display_path
from pia_toolkit.flows.paths import resolved
from pia_toolkit.pia import clock
from pia_toolkit.pia.assessment import disk, shape, yaml_read, yaml_text
from pia_toolkit.pia.assessment.disk import DiskState, SaveRefused
from pia_toolkit.pia.assessment.form import FormCatalog, FormItem, full_item_form
from pia_toolkit.pia.assessment.merge import AssessmentConflict, comparable, merge
from pia_toolkit.pia.assessment.naming import assessment_path
from pia_toolkit.pia.assessment.shape import SOURCES, VERDICTS
from pia_toolkit.pia.assessment.values import answer_digest, first_difference, kept, plain

__all__ = [
    "SOURCES",
    "VERDICTS",
    "Assessment",
    "AssessmentConflict",
    "ItemState",
    "SaveRefused",
    "assessment_path",
    "atomic_write_text",
    "verdict_label",
]

OnConflict = Literal["refuse", "ours", "theirs"]


def verdict_label(verdict: str | None, lang: str = "ja") -> str:
    if verdict is None:
        return say("common.verdict.none", lang)
    return say(f"common.verdict.{verdict}", lang) if verdict in VERDICTS else verdict


@dataclass(frozen=True)
class ItemState:
    """What the document holds for one form item."""

    item_id: str
    answer: Any = None
    source: str | None = None
    model_refs: tuple[str, ...] = ()
    stale: bool = False
    verdict: str | None = None
    comment: str | None = None
    action_who: str | None = None
    action_due: str | None = None

    @property
    def answered(self) -> bool:
        return self.answer not in (None, "", [], {})


def model_reference(path: Path, model_path: Path) -> str:
    """How the assessment in ``path`` names its model (the header's ``model``): relative to the assessment's
    folder (``../flows/x.yaml`` too), so that the pair still match when the project is moved or cloned."""
    return os.path.relpath(resolved(model_path), resolved(path).parent)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` always holds either the old or the new content, never half.

    The file keeps its mode; a symlink stays a symlink (its target is written).
    """
    disk.write_file(path, text.encode("utf-8"))


def read_document(content: bytes, shown: str) -> tuple[CommentedMap, str]:
    """An assessment file's bytes as a checked document and its text; raises ModelLoadError, located."""
    text = disk.decode(content, shown)
    data = yaml_read.read(text, shown)
    problems = shape.check(data, shown)
    if problems:
        raise ModelLoadError(problems)
    return data, text


class Assessment:
    """One assessment file. Every ``set_*`` call saves at once.

    For the review app, beside the ``set_*`` writers:

    - :meth:`save` raises :class:`SaveRefused` (a ValueError) when it did not write: another session changed
      the same field (:class:`AssessmentConflict`, with ``conflicts``), the file on disk no longer reads, or
      the text would not read back. The file is then as it was; the change stays in this document, and the
      next save tries again. ``save(on_conflict="ours" | "theirs")`` settles a conflict one way.
    - :meth:`changed_on_disk` says whether another writer changed the file since this session read or wrote
      it; :meth:`reload` drops this session's unsaved changes and reads the file again.
    - :meth:`take_notes` returns (and forgets) what the last calls want the person to know: text that was
      normalised to be saved, changes of another session merged in.
    """

    def __init__(self, path: Path, data: CommentedMap, form: FormCatalog | None = None) -> None:
        self.path = path
        self.data = data
        self.form = form or full_item_form()
        if not isinstance(self.data.get("assessment"), dict):
            self.data["assessment"] = CommentedMap()
        if self.data.get("items") is None:
            self.data["items"] = CommentedMap()
        self.notes: list[Message] = []
        self._disk: DiskState | None = None
        """The file as this document last read or wrote it (None: there was no file)."""
        self._base_text: str | None = None
        """Its text then: the common ancestor when another session's changes have to be merged."""

    # ---- files ----------------------------------------------------------------------------------------
    @classmethod
    def new(cls, path: Path, model_path: Path, form: FormCatalog | None = None) -> Assessment:
        form = form or full_item_form()
        data = CommentedMap()
        header = CommentedMap()
        header["model"] = model_reference(path, model_path)
        header["form"] = form.id
        header["form_version"] = form.version
        header["catalog_version"] = form.catalog_version
        header["created"] = clock.today().isoformat()
        data["assessment"] = header
        data["items"] = CommentedMap()
        data.yaml_set_start_comment(
            "pia-toolkit 全項目評価書 / full-item assessment. Edit with `pia review`; hand edits are kept."
        )
        return cls(path, data, form)

    @classmethod
    def load(cls, path: Path, form: FormCatalog | None = None) -> Assessment:
        """Read ``path``; raises ModelLoadError with every located problem if it does not hold an assessment."""
        shown = display_path(path)
        content = disk.read_bytes(path, shown)
        data, text = read_document(content, shown)
        document = cls(path, data, form)
        document._disk = DiskState.of(path, content)
        document._base_text = text
        target = disk.real_path(path)
        with disk.locked(target, wait=0) as alone:
            if alone:
                disk.remove_stale_temporaries(target)
        return document

    @classmethod
    def open(cls, path: Path, model_path: Path, form: FormCatalog | None = None) -> Assessment:
        """The assessment in ``path``, or a new, unsaved one for ``model_path`` if there is no file there."""
        if disk.present(path):  # a dangling symlink is no file yet: the first save creates its target
            return cls.load(path, form)
        return cls.new(path, model_path, form)

    def save(self, *, backup: bool = False, on_conflict: OnConflict = "refuse") -> Path | None:
        """Write the document; returns the backup it kept (``backup=True``: the file's previous version as
        ``<name>.bak``, one only), if any.

        Raises :class:`SaveRefused` (nothing written) or OSError (nothing written either).
        """
        self.data["assessment"]["updated"] = clock.now().isoformat()
        target = disk.real_path(self.path)
        shown = display_path(self.path)
        with disk.locked(target) as alone:
            if alone:
                disk.remove_stale_temporaries(target)
            on_disk = self._on_disk(target, shown)
            if on_disk is not None and (self._disk is None or not self._disk.matches(on_disk)):
                self._merge_with(on_disk, shown, on_conflict)
            text = yaml_text.emit(self.data)
            self._verify(text, shown)
            content = text.encode("utf-8")
            kept = None
            if backup and on_disk is not None:
                kept = disk.backup_path(target)
                disk.refuse_special(kept)  # a pipe or device named like the backup is left alone
                disk.replace_file(kept, on_disk, mode=disk.file_mode(target))
            disk.replace_file(target, content)
            self._disk = DiskState.of(target, content)
            self._base_text = text
        return kept

    def changed_on_disk(self) -> bool:
        """Another writer changed (or created, or removed) the file since this document read or wrote it."""
        target = disk.real_path(self.path)
        if not target.exists():
            return self._disk is not None
        if self._disk is None:
            return True
        try:
            info = target.stat()
            if info.st_size != self._disk.size:
                return True
            return not self._disk.matches(target.read_bytes())
        except OSError:
            return True

    def reload(self) -> None:
        """Forget this document's unsaved changes and read the file again (ModelLoadError if it does not read)."""
        fresh = Assessment.load(self.path, self.form)
        self.data, self._disk, self._base_text = fresh.data, fresh._disk, fresh._base_text

    def take_notes(self) -> list[Message]:
        notes, self.notes = self.notes, []
        return notes

    def _on_disk(self, target: Path, shown: str) -> bytes | None:
        if not target.exists() and not target.is_symlink():
            return None
        try:
            return disk.read_bytes(target, shown)
        except ModelLoadError as error:
            raise SaveRefused(self.path, _unreadable(error)) from None

    def _merge_with(self, on_disk: bytes, shown: str, on_conflict: OnConflict) -> None:
        """Another session wrote the file since we read it: take its changes beside ours."""
        try:
            theirs, _ = read_document(on_disk, shown)
        except ModelLoadError as error:
            raise SaveRefused(self.path, _unreadable(error)) from None
        # the common ancestor is only compared: its values, without positions and comments (faster)
        base = yaml_read.read(self._base_text, shown, values_only=True) if self._base_text is not None else None
        merged = merge(base, self.data, theirs, self.path, prefer=None if on_conflict == "refuse" else on_conflict)
        self.data = merged.document
        if merged.theirs_changed:
            listed = ", ".join(merged.theirs_changed[:8]) + (" …" if len(merged.theirs_changed) > 8 else "")
            self.notes.append(message("assessment.merged_from_disk", count=len(merged.theirs_changed), items=listed))

    def _verify(self, text: str, shown: str) -> None:
        """The text reads back as this document and as an assessment, or nothing is written."""
        try:
            back = yaml_read.read(text, shown, values_only=True)
        except ModelLoadError as error:
            raise SaveRefused(self.path, _not_verified(error.errors[0].message)) from None
        problems = shape.check(back, shown)
        if problems:
            raise SaveRefused(self.path, _not_verified(problems[0].message))
        if not yaml_text.identical(back, self.data):
            raise SaveRefused(self.path, _not_verified(first_difference(back, self.data)))

    # ---- reading --------------------------------------------------------------------------------------
    @property
    def header(self) -> dict[str, Any]:
        return plain(self.data["assessment"])  # type: ignore[no-any-return]

    def header_position(self, field: str) -> Position:
        """Where a header field (``scheme``) was written in the file."""
        return shape.position(display_path(self.path), self.data["assessment"], field)

    def names_model(self, model_path: Path) -> bool:
        """The header's ``model`` is ``model_path`` (or is not written: an assessment of an older version)."""
        named = self.data["assessment"].get("model")
        if named is None:
            return True
        if not isinstance(named, str) or not named.strip():
            return False
        mine = resolved(resolved(self.path).parent / named)  # written beside the real file, not a link to it
        given = resolved(model_path)
        try:
            return mine == given or mine.samefile(given)
        except (OSError, ValueError):
            return False

    def _entry(self, item_id: str) -> CommentedMap | None:
        entry = self.data["items"].get(item_id)
        return entry if isinstance(entry, CommentedMap) else None

    def state(self, item_id: str) -> ItemState:
        entry = self._entry(item_id)
        if entry is None:
            return ItemState(item_id)
        action = entry.get("action") or {}
        return ItemState(
            item_id=item_id,
            answer=plain(entry.get("answer")),
            source=entry.get("source"),
            model_refs=tuple(str(r) for r in entry.get("model_refs") or ()),
            stale=bool(entry.get("stale", False)),
            verdict=entry.get("verdict"),
            comment=entry.get("comment"),
            action_who=action.get("who") if isinstance(action, dict) else None,
            action_due=plain(action.get("due")) if isinstance(action, dict) else None,
        )

    def item_ids(self) -> list[str]:
        """Items present in the document, including ones the form no longer has."""
        return [str(k) for k in self.data["items"]]

    def model_answer(self, item_id: str) -> Any:
        """What the model answered last time: kept beside an entered answer, or (``model_digest``) the answer
        itself while nobody changed it; None when unknown."""
        entry = self._entry(item_id)
        if entry is None:
            return None
        if "model_answer" in entry:
            return plain(entry.get("model_answer"))
        digest = entry.get("model_digest")
        if digest and entry.get("source") == "model" and answer_digest(entry.get("answer")) == digest:
            return plain(entry.get("answer"))
        return None

    def edited_by_hand(self, item_id: str) -> bool:
        """A pre-filled answer someone changed in the YAML without marking it entered: it is theirs now."""
        entry = self._entry(item_id)
        if entry is None or entry.get("source") != "model" or not self.state(item_id).answered:
            return False
        if "model_answer" in entry:
            last = entry.get("model_answer")
            return last is not None and comparable(last) != comparable(entry.get("answer"))
        digest = entry.get("model_digest")
        return bool(digest) and answer_digest(entry.get("answer")) != digest

    def approved(self) -> dict[str, Any]:
        return plain(self.data.get("approved") or {})  # type: ignore[no-any-return]

    # ---- writing (each call saves) --------------------------------------------------------------------
    def _ensure(self, item_id: str) -> CommentedMap:
        entry = self._entry(item_id)
        if entry is None:
            entry = CommentedMap()
            self.data["items"][item_id] = entry
        return entry

    def _value(self, item_id: str, value: Any) -> Any:
        """``value`` as the file can hold it; a note when characters had to be replaced."""
        replaced = [0]
        converted = kept(value, replaced)
        if replaced[0]:
            self.notes.append(message("assessment.text_replaced", item=item_id, count=replaced[0]))
        return converted

    def set_header(self, **fields: str) -> None:
        """Header fields the program maintains (``scheme``, ``title``), in memory; the caller saves."""
        header = self.data["assessment"]
        for name, value in fields.items():
            header[name] = self._value(f"assessment.{name}", value)

    def set_answer(self, item_id: str, answer: Any, *, save: bool = True) -> None:
        """An answer typed by a person: it is theirs from now on and a model refresh never overwrites it."""
        self._check_item(item_id)
        entry = self._ensure(item_id)
        if "model_digest" in entry:
            # The model's answer was the answer itself: keep it beside the entered one (unless edited by hand).
            digest = entry.pop("model_digest")
            if entry.get("source") == "model" and answer_digest(entry.get("answer")) == digest:
                entry["model_answer"] = entry.get("answer")
        entry["answer"] = self._value(item_id, answer)
        entry["source"] = "entered"
        if save:
            self.save()

    def set_model_answer(self, item_id: str, answer: Any, refs: list[str], *, save: bool = True) -> None:
        """A pre-filled answer from the model (used by ``assess init``)."""
        entry = self._ensure(item_id)
        value = self._value(item_id, answer)
        entry["answer"] = value
        entry["source"] = "model"
        entry["model_refs"] = self._value(item_id, list(refs))
        digest = answer_digest(value)
        if "model_answer" in entry:
            # Written once, not twice: the answer is the model's until someone edits it (the digest tells).
            entry.insert(list(entry).index("model_answer"), "model_digest", digest)
            del entry["model_answer"]
        else:
            entry["model_digest"] = digest
        entry["stale"] = False
        if save:
            self.save()

    def record_model_answer(self, item_id: str, answer: Any, refs: list[str]) -> None:
        """Remember what the model says now without touching an owner's entered answer."""
        entry = self._ensure(item_id)
        value = self._value(item_id, answer)
        if "model_digest" in entry:
            entry.insert(list(entry).index("model_digest"), "model_answer", value)
            del entry["model_digest"]
        else:
            entry["model_answer"] = value
        entry["model_refs"] = self._value(item_id, list(refs))
        entry["stale"] = False

    def set_stale(self, item_id: str, stale: bool) -> None:
        entry = self._entry(item_id)
        if entry is not None:
            entry["stale"] = stale

    def set_verdict(self, item_id: str, verdict: str | None, *, save: bool = True) -> None:
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}; use one of {', '.join(VERDICTS)}")
        self._check_item(item_id)
        entry = self._ensure(item_id)
        if verdict is None:
            entry.pop("verdict", None)
        else:
            entry["verdict"] = verdict
        if save:
            self.save()

    def set_comment(self, item_id: str, comment: str | None, *, save: bool = True) -> None:
        self._check_item(item_id)
        entry = self._ensure(item_id)
        if comment:
            entry["comment"] = self._value(item_id, comment)
        else:
            entry.pop("comment", None)
        if save:
            self.save()

    def set_action(self, item_id: str, who: str | None, due: str | None, *, save: bool = True) -> None:
        self._check_item(item_id)
        entry = self._ensure(item_id)
        if who or due:
            action = CommentedMap()
            action["who"] = self._value(item_id, who or "")
            action["due"] = self._value(item_id, due or "")
            entry["action"] = action
        else:
            entry.pop("action", None)
        if save:
            self.save()

    def mark_approved(self, *, save: bool = True) -> None:
        """Record the ※ items' current answers as the approved version."""
        approved = CommentedMap()
        for item in self.form.items:
            if item.significant:
                approved[item.id] = kept(self.state(item.id).answer)
        self.data["approved"] = approved
        self.data["assessment"]["approved_on"] = clock.today().isoformat()
        if save:
            self.save()

    def _check_item(self, item_id: str) -> None:
        if not self.form.has(item_id) and self._entry(item_id) is None:
            raise KeyError(f"the form has no item {item_id!r}")

    def form_item(self, item_id: str) -> FormItem | None:
        return self.form.item(item_id) if self.form.has(item_id) else None


def _not_verified(problem: object) -> Message:
    return message("assessment.write_not_verified", problem=problem)


def _unreadable(error: ModelLoadError) -> Message:
    first = error.errors[0]
    return message("assessment.disk_unreadable", where=str(first.position), problem=first.message)
