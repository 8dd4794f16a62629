"""The assessment file on disk: reading it whole or not at all, and replacing it safely.

- Reading refuses what is not a regular file (a folder, a device, a pipe) and stops at a size limit, so an
  endless input (a link to ``/dev/zero``) cannot hang a command.
- :class:`DiskState` is what was read (modification time, size, SHA-256), so a save can tell that another
  session changed the file since.
- :func:`write_file` is how every file is written: it refuses to replace what is not a regular file (a device,
  a pipe, a socket) and writes through a symlink.
- :func:`replace_file` writes a unique temporary file in the same folder (``.<name>.<8 characters>.tmp``),
  fsyncs it, gives it the old file's mode and renames it over the file; a symlinked file stays a symlink (its
  target is replaced). Temporary files a killed save left behind are removed on the next save or open.
- :func:`locked` keeps two pia processes from saving the same folder's files at the same moment.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.flows.errors import ModelError, ModelLoadError, Position
from pia_toolkit.flows.paths import NotARegularFile, kind_of, os_reason

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: saves are not locked against other processes
    fcntl = None  # type: ignore[assignment]

MAX_ASSESSMENT_BYTES = 64 * 1024 * 1024
"""An assessment of a 10,000-node model is about 12 MB; beyond this the file is refused, not read."""
BACKUP_SUFFIX = ".bak"
LOCK_WAIT_SECONDS = 10.0


class SaveRefused(ValueError):
    """The assessment was not written; the file on disk is as it was. ``message`` says why, in either language.

    A ValueError, so that callers which already show a failed save (the review app) show this one too.
    """

    def __init__(self, path: Path, reason: Message) -> None:
        self.path = path
        self.reason = reason
        super().__init__(reason.text("ja"))

    def text(self, lang: str = "ja") -> str:
        return self.reason.text(lang)


@dataclass(frozen=True)
class DiskState:
    """The file as it was read or last written."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path, content: bytes) -> DiskState:
        info = path.stat()
        return cls(info.st_mtime_ns, info.st_size, hashlib.sha256(content).hexdigest())

    def matches(self, content: bytes) -> bool:
        return len(content) == self.size and hashlib.sha256(content).hexdigest() == self.sha256


def _error(shown: str, key: str, line: int = 1, column: int = 1, **params: object) -> ModelLoadError:
    return ModelLoadError([ModelError(Position(shown, line, column), message(key, **params))])


def read_bytes(path: Path, shown: str) -> bytes:
    """The whole file, or a located error: not a regular file, unreadable, too large."""
    try:
        info = path.stat()
    except (OSError, ValueError) as error:
        raise _error(shown, "loader.cannot_read", reason=os_reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _error(shown, "loader.assessment_is_folder")
    if not stat.S_ISREG(info.st_mode):
        raise _error(shown, "loader.assessment_not_a_file")
    if info.st_size > MAX_ASSESSMENT_BYTES:
        raise _error(shown, "loader.assessment_too_large", size=info.st_size, limit=MAX_ASSESSMENT_BYTES)
    try:
        with path.open("rb") as handle:
            content = handle.read(MAX_ASSESSMENT_BYTES + 1)
    except OSError as error:
        raise _error(shown, "loader.cannot_read", reason=os_reason(error)) from None
    if len(content) > MAX_ASSESSMENT_BYTES:
        raise _error(shown, "loader.assessment_too_large", size=len(content), limit=MAX_ASSESSMENT_BYTES)
    return content


def decode(content: bytes, shown: str) -> str:
    """UTF-8 text (a leading BOM dropped), or a located error at the first byte that is not."""
    if b"\x00" in content[:8192] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        raise _error(shown, "loader.assessment_binary", line)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        before = content[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        if error.end == len(content) and error.reason == "unexpected end of data":  # a character cut in two
            raise _error(shown, "loader.assessment_cut_short", line, column, backup=shown + BACKUP_SUFFIX) from None
        raise _error(shown, "loader.assessment_not_utf8", line, column) from None
    return text.removeprefix("\ufeff")


def present(path: Path) -> bool:
    """Something is at ``path`` to be read, or to be refused with the reason it cannot be (a symlink loop, a
    name too long, no permission); only a missing file, or a symlink to one, is no assessment yet."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    return True


def real_path(path: Path) -> Path:
    """The file a save replaces: a symlink's target (so the link stays a link), else ``path`` itself."""
    return Path(os.path.realpath(path))


def backup_path(path: Path) -> Path:
    """``x.assessment.yaml`` → ``x.assessment.yaml.bak``: the version before the last rewrite (one only)."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def _temporary_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Temporary copies of ``target`` a killed save left behind (call while holding :func:`locked`)."""
    pattern = _temporary_pattern(target)
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    for name in names:
        if pattern.fullmatch(name):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()
                removed.append(target.parent / name)
    return removed


@contextlib.contextmanager
def locked(target: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[bool]:
    """Hold the folder's save lock (an advisory ``flock`` on the folder) while the block runs.

    Yields False when the lock could not be had within ``wait`` seconds (``wait=0``: do not wait) or the
    platform has no locks; the caller decides whether to go on.
    """
    if fcntl is None:
        yield False
        return
    try:
        folder = os.open(target.parent, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.02)
            except OSError:
                yield False
                return
        try:
            yield True
        finally:
            fcntl.flock(folder, fcntl.LOCK_UN)
    finally:
        os.close(folder)


def file_mode(path: Path) -> int | None:
    """The permission bits of ``path``, or None if there is no such file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def write_file(path: Path, content: bytes) -> None:
    """Write any file the toolkit makes (an output, an assessment, a triage file), the one way.

    All at once (:func:`replace_file`); through a symlink to its target, so the link and the target's mode stay;
    into a character device as a stream (``-o /dev/null``, ``/dev/stdout`` on a terminal; ``/dev/full`` then
    says the disk is full), never replacing it; and never over anything else that is not a regular file: a
    pipe, a socket, a block device or a folder is left as it is and :class:`NotARegularFile` raised (an OSError,
    worded by ``os_reason``).
    """
    target = real_path(path)
    if writes_into(target):
        with open(target, "wb") as stream:
            stream.write(content)
        return
    refuse_special(target)
    replace_file(target, content)


def writes_into(path: Path) -> bool:
    """``path`` is a character device (``/dev/null``, a terminal): written into, not replaced. A pipe is not:
    nobody may be reading it, and the command would wait for ever."""
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def refuse_special(path: Path) -> None:
    """Raise :class:`NotARegularFile` when ``path`` exists and is not a regular file (following symlinks), or
    the OSError that stops us looking (a symlink loop); a missing file is fine: it is made."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except ValueError:  # a NUL byte in the name
        raise OSError(errno.EINVAL, "NUL", str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(path, kind_of(info.st_mode))


def replace_file(target: Path, content: bytes, *, mode: int | None = None) -> None:
    """Make ``target`` hold ``content``, all at once: it always holds either the old bytes or the new ones.

    ``mode`` defaults to the old file's permission bits (a new file gets the usual ``0666 & ~umask``).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(target.stat().st_mode)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # A new file gets 0666 less the umask, as any program's new file does; an old file keeps its mode.
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else 0o600)
            break
        except FileExistsError:
            continue
    try:
        try:
            view = memoryview(content)
            while view:
                written = os.write(handle, view)
                view = view[written:]
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle, mode)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
