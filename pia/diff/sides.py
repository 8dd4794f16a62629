"""The two versions to compare, each a model file or a model at a git revision (``REV:path``).

A model at a revision is read with ``git show REV:path`` into a temporary folder that mirrors the repository's
folders, together with what it needs at that same revision: its includes (and theirs), the triage file beside
it, the policy files above it and a mark where the project's root is, so it opens exactly as it did then. The
work tree is never touched.

    with open_versions("HEAD~1", Path("flows/x.yaml")) as (old, new):
        old.path, old.label        # a temporary copy, "HEAD~1:flows/x.yaml"
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml import YAML

from pia_toolkit.flows.loader import PROJECT_MARKERS
from pia_toolkit.flows.paths import resolved
from pia_toolkit.pia.policy import POLICY_FILE
from pia_toolkit.pia.triage import triage_path

GIT_TIMEOUT = 60


class SideError(Exception):
    """A version that cannot be read: the catalogue text ``key`` explains why, with ``params``."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Side:
    label: str
    """As the user should read it: ``flows/x.yaml`` or ``HEAD~1:flows/x.yaml``."""
    path: Path
    """The file to open (a temporary copy for a revision)."""
    revision: str | None = None
    commit: str | None = None
    copy_root: Path | None = None
    """The temporary folder standing for the repository's root, for a revision."""
    relative: str | None = None
    """For a revision: the file's path from the repository's root."""

    def shown(self, text: str) -> str:
        """``text`` with the temporary folder spelled as ``REV:`` (error positions name the user's files)."""
        if self.copy_root is None:
            return text
        root = str(resolved(self.copy_root))
        return text.replace(root + "/", f"{self.revision}:").replace(root, f"{self.revision}:")


@dataclass(frozen=True)
class _Repository:
    top: Path

    def git(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", "-C", str(self.top), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False
            )
        except FileNotFoundError:
            raise SideError("diff.git_missing") from None
        except subprocess.TimeoutExpired:
            raise SideError("diff.git_failed", command=" ".join(args), reason="timeout") from None

    def commit(self, revision: str) -> str:
        result = self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        if result.returncode != 0 or not result.stdout.strip():
            raise SideError("diff.unknown_revision", revision=revision, repository=self.top)
        return result.stdout.decode().strip()

    def read(self, commit: str, path: str) -> bytes | None:
        """The file's bytes at ``commit``, or None when it did not exist then."""
        result = self.git("cat-file", "blob", f"{commit}:{path}")
        return result.stdout if result.returncode == 0 else None

    def is_file(self, commit: str, path: str) -> bool:
        result = self.git("cat-file", "-t", f"{commit}:{path}")
        return result.returncode == 0 and result.stdout.strip() == b"blob"


def repository_of(path: Path) -> _Repository:
    folder = resolved(path).parent if not path.is_dir() else resolved(path)
    while not folder.exists():
        folder = folder.parent
    probe = _Repository(folder)
    result = probe.git("rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise SideError("diff.not_a_repository", path=path)
    return _Repository(resolved(Path(result.stdout.decode().strip())))


def _relative(repository: _Repository, path: Path) -> str:
    try:
        return resolved(path).relative_to(repository.top).as_posix()
    except ValueError:
        raise SideError("diff.outside_repository", path=path, repository=repository.top) from None


def _includes(text: bytes) -> list[str]:
    """The ``include`` entries of a model, read leniently (the loader reports what is wrong with them)."""
    try:
        data: Any = YAML(typ="safe").load(text.decode("utf-8", errors="replace"))
    except Exception:  # a broken file is the loader's to report, with its position
        return []
    includes = data.get("include") if isinstance(data, dict) else None
    if isinstance(includes, str):
        includes = [includes]
    return [entry for entry in includes or [] if isinstance(entry, str) and entry]


def _write(root: Path, relative: str, data: bytes) -> None:
    target = root / PurePosixPath(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _copy_at(repository: _Repository, revision: str, commit: str, model: str, root: Path) -> None:
    """The model at ``commit`` and everything it needs, mirrored under ``root``."""
    data = repository.read(commit, model)
    if data is None:
        raise SideError("diff.absent_at_revision", path=model, revision=revision)
    pending = [(model, data)]
    seen = {model}
    while pending:
        relative, content = pending.pop()
        _write(root, relative, content)
        for entry in _includes(content):
            included = posixpath.normpath(posixpath.join(posixpath.dirname(relative), entry))
            if included in seen or included.startswith("../"):
                continue  # outside the repository: the loader says so when it looks for it
            seen.add(included)
            found = repository.read(commit, included)
            if found is not None:
                pending.append((included, found))
    model_path = PurePosixPath(model)
    triage = triage_path(Path(model_path.name)).name
    beside = (model_path.parent / triage).as_posix()
    found_triage = repository.read(commit, beside)
    if found_triage is not None:
        _write(root, beside, found_triage)
    _mark_project(repository, commit, model_path, root)


def _mark_project(repository: _Repository, commit: str, model: PurePosixPath, root: Path) -> None:
    """The policy files above the model, and a mark where its project's root was, as at ``commit``."""
    marked = False
    for folder in [*model.parents]:
        prefix = "" if str(folder) == "." else f"{folder.as_posix()}/"
        policy = repository.read(commit, prefix + POLICY_FILE)
        if policy is not None:
            _write(root, prefix + POLICY_FILE, policy)
        if not marked and any(repository.is_file(commit, prefix + m) for m in PROJECT_MARKERS if m != ".git"):
            _write(root, prefix + "pia-project.yaml", b"# the project's root at this revision\n")
            marked = True
    if not marked:
        _write(root, "pia-project.yaml", b"# the repository's root at this revision\n")


def parse_spec(spec: str) -> tuple[str | None, str]:
    """``REV:path`` → (REV, path); a plain path → (None, path). An existing file always wins."""
    if Path(spec).exists() or ":" not in spec:
        return None, spec
    revision, _, path = spec.partition(":")
    if not revision or not path:
        return None, spec
    return revision, path


@contextmanager
def side(spec: str, *, revision: str | None = None, base: Path | None = None) -> Iterator[Side]:
    """One version: ``spec`` as a file or ``REV:path``; or, with ``revision``, the file ``base`` at that revision.

    A path in ``REV:path`` is relative to the repository's root (``./x.yaml`` to the working folder), as git reads it.
    """
    if revision is None:
        revision, path = parse_spec(spec)
        if revision is None:
            yield Side(path, Path(path))
            return
        in_cwd = path.startswith(("./", "../"))
        repository = repository_of(Path(path) if in_cwd else Path.cwd())
        relative = _relative(repository, Path(path)) if in_cwd else posixpath.normpath(path)
    else:
        source = base if base is not None else Path(spec)
        repository = repository_of(source)
        relative = _relative(repository, source)
    commit = repository.commit(revision)
    root = Path(tempfile.mkdtemp(prefix="pia-diff-"))
    try:
        _copy_at(repository, revision, commit, relative, root)
        yield Side(f"{revision}:{relative}", root / PurePosixPath(relative), revision, commit, root, relative)
    finally:
        shutil.rmtree(root, ignore_errors=True)
