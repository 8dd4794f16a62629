"""The assessment document: a YAML file beside the flow model holding answers and reviewer verdicts.

```yaml
assessment:
  model: setagaya-999-childbirth-support.yaml
  form: full_item
  form_version: 平成28年1月 様式4
items:
  I-1-business-name:
    answer: 出産・子育て応援事業
    source: model            # model: pre-filled from the flow model; entered: typed by a person
    model_refs: [scheme]     # model elements the pre-filled answer came from
    model_answer: ...        # what the model said last time (tells an owner's edit from a model change)
    stale: false             # the item no longer follows from the model; kept, flagged
    verdict: needs_improvement   # adequate 妥当 | needs_improvement 要改善 | needs_correction 要修正
    comment: ...
    action: {who: 保健福祉政策課, due: 2023-03-31}
approved:                    # ※ items as approved last time, for the significant-change list
  I-1-business-name: ...
```

Read and written with ruamel.yaml round-trip, so comments and key order a person added survive; every write
is atomic (temporary file, fsync, rename), so a killed reviewer session loses at most the answer being typed.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from pia_toolkit.catalog.texts import message, say
from pia_toolkit.flows.errors import ModelError, ModelLoadError, Position, display_path
from pia_toolkit.pia.assessment.form import FormCatalog, FormItem, full_item_form

VERDICTS = ("adequate", "needs_improvement", "needs_correction")
"""妥当 / 要改善 / 要修正; labels are ``common.verdict.<id>`` in the message catalogue."""
SOURCES = ("model", "entered")


def verdict_label(verdict: str | None, lang: str = "ja") -> str:
    if verdict is None:
        return say("common.verdict.none", lang)
    return say(f"common.verdict.{verdict}", lang) if verdict in VERDICTS else verdict


def assessment_path(model_path: Path) -> Path:
    """``x.yaml`` → ``x.assessment.yaml`` in the same folder."""
    stem = model_path.name.removesuffix(".yaml").removesuffix(".yml")
    return model_path.with_name(f"{stem}.assessment.yaml")


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


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain Python, for callers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _rt(value: Any) -> Any:
    """Plain Python as ruamel containers, so new values are written in block style."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = _rt(v)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq([_rt(v) for v in value])
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)  # a block (|) a person can read and edit, not one escaped line
    return value


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` always holds either the old or the new content, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class Assessment:
    """One assessment file. Every ``set_*`` call saves at once."""

    def __init__(self, path: Path, data: CommentedMap, form: FormCatalog | None = None) -> None:
        self.path = path
        self.data = data
        self.form = form or full_item_form()
        self.data.setdefault("assessment", CommentedMap())
        if self.data.get("items") is None:
            self.data["items"] = CommentedMap()

    # ---- files ----------------------------------------------------------------------------------------
    @classmethod
    def new(cls, path: Path, model_path: Path, form: FormCatalog | None = None) -> Assessment:
        form = form or full_item_form()
        data = CommentedMap()
        header = CommentedMap()
        try:
            model_ref = str(model_path.resolve().relative_to(path.resolve().parent))
        except ValueError:
            model_ref = str(model_path.resolve())
        header["model"] = model_ref
        header["form"] = form.id
        header["form_version"] = form.version
        header["catalog_version"] = form.catalog_version
        header["created"] = dt.date.today().isoformat()
        data["assessment"] = header
        data["items"] = CommentedMap()
        data.yaml_set_start_comment(
            "pia-toolkit 全項目評価書 / full-item assessment. Edit with `pia review`; hand edits are kept."
        )
        return cls(path, data, form)

    @classmethod
    def load(cls, path: Path, form: FormCatalog | None = None) -> Assessment:
        shown = display_path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ModelLoadError([ModelError(Position(shown, 1, 1), message("loader.assessment_not_utf8"))]) from None
        try:
            data = _yaml().load(text)
        except Exception as exc:  # ruamel raises several unrelated error types for bad YAML
            mark = getattr(exc, "problem_mark", None)
            where = Position(shown, mark.line + 1, mark.column + 1) if mark else Position(shown, 1, 1)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ModelLoadError([ModelError(where, message("loader.assessment_syntax", problem=problem))]) from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap) or not isinstance(data.get("items", {}) or {}, dict):
            raise ModelLoadError([ModelError(Position(shown, 1, 1), message("loader.assessment_shape"))])
        return cls(path, data, form)

    def save(self) -> None:
        self.data["assessment"]["updated"] = dt.datetime.now().replace(microsecond=0).isoformat()
        from io import StringIO

        buffer = StringIO()
        _yaml().dump(self.data, buffer)
        atomic_write_text(self.path, buffer.getvalue())

    # ---- reading --------------------------------------------------------------------------------------
    @property
    def header(self) -> dict[str, Any]:
        return _plain(self.data["assessment"])  # type: ignore[no-any-return]

    @property
    def model_path(self) -> Path:
        return (self.path.parent / str(self.data["assessment"].get("model", ""))).resolve()

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
            answer=_plain(entry.get("answer")),
            source=entry.get("source"),
            model_refs=tuple(str(r) for r in entry.get("model_refs") or ()),
            stale=bool(entry.get("stale", False)),
            verdict=entry.get("verdict"),
            comment=entry.get("comment"),
            action_who=action.get("who") if isinstance(action, dict) else None,
            action_due=_plain(action.get("due")) if isinstance(action, dict) else None,
        )

    def item_ids(self) -> list[str]:
        """Items present in the document, including ones the form no longer has."""
        return [str(k) for k in self.data["items"]]

    def model_answer(self, item_id: str) -> Any:
        entry = self._entry(item_id)
        return _plain(entry.get("model_answer")) if entry else None

    def approved(self) -> dict[str, Any]:
        return _plain(self.data.get("approved") or {})  # type: ignore[no-any-return]

    # ---- writing (each call saves) --------------------------------------------------------------------
    def _ensure(self, item_id: str) -> CommentedMap:
        entry = self._entry(item_id)
        if entry is None:
            entry = CommentedMap()
            self.data["items"][item_id] = entry
        return entry

    def set_answer(self, item_id: str, answer: Any, *, save: bool = True) -> None:
        """An answer typed by a person: it is theirs from now on and a model refresh never overwrites it."""
        self._check_item(item_id)
        entry = self._ensure(item_id)
        entry["answer"] = _rt(answer)
        entry["source"] = "entered"
        if save:
            self.save()

    def set_model_answer(self, item_id: str, answer: Any, refs: list[str], *, save: bool = True) -> None:
        """A pre-filled answer from the model (used by ``assess init``)."""
        entry = self._ensure(item_id)
        entry["answer"] = _rt(answer)
        entry["source"] = "model"
        entry["model_refs"] = _rt(list(refs))
        entry["model_answer"] = _rt(answer)
        entry["stale"] = False
        if save:
            self.save()

    def record_model_answer(self, item_id: str, answer: Any, refs: list[str]) -> None:
        """Remember what the model says now without touching an owner's entered answer."""
        entry = self._ensure(item_id)
        entry["model_answer"] = _rt(answer)
        entry["model_refs"] = _rt(list(refs))
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
            entry["comment"] = comment
        else:
            entry.pop("comment", None)
        if save:
            self.save()

    def set_action(self, item_id: str, who: str | None, due: str | None, *, save: bool = True) -> None:
        self._check_item(item_id)
        entry = self._ensure(item_id)
        if who or due:
            action = CommentedMap()
            action["who"] = who or ""
            action["due"] = due or ""
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
                approved[item.id] = _rt(self.state(item.id).answer)
        self.data["approved"] = approved
        self.data["assessment"]["approved_on"] = dt.date.today().isoformat()
        if save:
            self.save()

    def _check_item(self, item_id: str) -> None:
        if not self.form.has(item_id) and self._entry(item_id) is None:
            raise KeyError(f"the form has no item {item_id!r}")

    def form_item(self, item_id: str) -> FormItem | None:
        return self.form.item(item_id) if self.form.has(item_id) else None
