"""One fuzz input: the files to lay out in a scratch folder, the path given to ``pia``, and what to run."""

from __future__ import annotations

from dataclasses import dataclass, field

PROJECT = "proj"
"""Every case lays its files out under ``<case>/proj/`` (marked with pia-project.yaml); the case folder itself
is the working directory, so messages show paths such as ``proj/model.yaml``."""


@dataclass(frozen=True)
class Special:
    """A file that is not a regular file: ``dir``, ``fifo`` or ``symlink`` (to ``target``)."""

    kind: str
    target: str = ""


FileContent = bytes | Special


@dataclass
class Command:
    """One ``pia`` invocation; ``writes`` are the paths (relative to the case folder) it may create or change."""

    argv: list[str]
    writes: tuple[str, ...] = ()
    loads_fuzzed: bool = True
    """Whether this command reads the fuzzed file (so that an 'invalid input' expectation applies to it)."""

    @property
    def name(self) -> str:
        words = [a for a in self.argv[:2] if not a.startswith("-") and "/" not in a and "." not in a]
        if words[:1] == ["assess"] and len(words) > 1:
            return " ".join(words[:2])
        return words[0] if words else "?"

    @property
    def format(self) -> str | None:
        return self._option("-f", "--format")

    @property
    def output(self) -> str | None:
        return self._option("-o", "--output")

    def _option(self, *flags: str) -> str | None:
        """The value given after the first of ``flags`` that the command line has, if one follows it."""
        for flag in flags:
            if flag in self.argv:
                index = self.argv.index(flag)
                if index + 1 < len(self.argv):
                    return self.argv[index + 1]
        return None


@dataclass
class Case:
    """One input for the harness.

    ``files`` are written under the case folder (paths relative to it); ``model`` is the path handed to the
    CLI (relative to the case folder, or absolute such as ``/dev/zero``). ``fuzzed`` names the file the
    generator changed: it is the file that is saved as the example and minimised.
    """

    klass: str
    label: str
    files: dict[str, FileContent]
    model: str
    fuzzed: str | None = None
    defect_at: tuple[int, int | None] | None = None
    """(line, column) in ``fuzzed`` where the generator planted the problem, when it knows; column may be None."""
    exact_position: bool = False
    """The planted problem's line (and column, when given) is exact: a load error must point there."""
    expect_reject: bool = False
    """The fuzzed file is invalid by the documentation: a command that reads it must not exit 0 (or 1)."""
    commands: list[Command] | None = None
    """None: the standard plan (validate, then check/threshold/assess on a loadable model)."""
    allow_export: bool = True
    subprocess: bool = False
    timeout: float = 60.0
    mem_limit_mb: int | None = None
    setup: str | None = None
    """A named action the executor performs after laying out the files (e.g. start a FIFO writer)."""
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def fuzzed_bytes(self) -> bytes | None:
        content = self.files.get(self.fuzzed or "")
        return content if isinstance(content, bytes) else None
