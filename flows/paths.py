"""Paths the user gave: resolved without raising, and an operating-system error worded for the reader.

``Path.resolve()`` raises ``RuntimeError`` on a symlink loop (Python 3.11) and ``ValueError`` on a NUL byte, so a
user path is resolved here only: the loop is left for the open that follows, which fails with ``ELOOP`` and a
located message like any other file that cannot be read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pia_toolkit.catalog.texts import Message, message

# The errors a user meets with paths and disks; any other is shown in the operating system's own words.
_REASONS = {
    errno.ENOENT: "no_such_file",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EISDIR: "is_folder",
    errno.ENOTDIR: "not_folder",
    errno.ENAMETOOLONG: "name_too_long",
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.ELOOP: "link_loop",
    errno.EEXIST: "exists",
    errno.EBUSY: "busy",
    errno.ETXTBSY: "busy",
    errno.EMFILE: "too_many_open",
    errno.ENFILE: "too_many_open",
    errno.EIO: "io",
    errno.EXDEV: "other_device",
    errno.EINVAL: "invalid",
}


class NotARegularFile(OSError):
    """An output path that names a device (``/dev/full``), a pipe, a socket or a folder: never replaced."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, kind, str(path))
        self.kind = kind
        """directory, fifo, device, socket or other (the ``loader.file_kind.*`` texts)."""


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, by its ``st_mode``."""
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def resolved(path: Path) -> Path:
    """``path`` made absolute with its symlinks followed as far as they go; never raises."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path.absolute()


def os_reason(error: BaseException) -> Message | str:
    """Why an operation on a file failed, in the reader's language for the common errors; otherwise the
    operating system's text (never the ``[Errno N] ...: 'path'`` form, which repeats the path in English)."""
    if isinstance(error, NotARegularFile):
        return message("common.os.not_regular", what=message(f"loader.file_kind.{error.kind}"))
    if isinstance(error, OSError):
        key = _REASONS.get(error.errno or 0)
        if key is not None:
            return message(f"common.os.{key}")
        return error.strerror or str(error)
    if isinstance(error, RuntimeError):  # Path.resolve() and friends on a symlink loop
        return message("common.os.link_loop")
    if isinstance(error, ValueError) and "null" in str(error).lower():
        return message("common.os.nul")
    return str(error)
