"""Running one case: lay its files out in a scratch folder, run the commands in-process, apply the oracles.

In-process runs go through typer's CliRunner on ``build_app()``. A subprocess (``/usr/bin/time -v`` when the
machine has it, else ``os.wait4``) is used only to measure time and memory, and for inputs that would hang or
exhaust the harness itself (FIFOs, /dev/zero, 100,000 levels of nesting), always with a timeout.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz.case import PROJECT, Case, Command, Special
from tests.fuzz.corpus import ROOT
from tests.fuzz.oracles import Defect, Outcome, check_command, check_policy_scope, safe, template

TIME_BIN = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
PIA_SNIPPET = "import sys; from pia_toolkit.pia.cli import main; sys.argv[0] = 'pia'; main()"
CLEAN_ENV = {"COLUMNS": "120", "PIA_DEBUG": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}


class InProcessTimeout(BaseException):
    """Raised by SIGALRM when an in-process command runs past its case's timeout."""


@dataclass
class CaseResult:
    klass: str
    label: str
    defects: list[Defect] = field(default_factory=list)
    commands: int = 0
    seconds: float = 0.0
    measurements: list[dict[str, Any]] = field(default_factory=list)
    harness_error: str | None = None


@dataclass
class Settings:
    export_rate: float = 0.0
    memory_rate: float = 0.0
    timeout: float = 60.0


class Executor:
    def __init__(self, workdir: Path | None = None, settings: Settings | None = None) -> None:
        from typer.testing import CliRunner

        from pia_toolkit.pia.cli import build_app

        self.app = build_app()
        self.runner = CliRunner()
        self.settings = settings or Settings()
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="pia-fuzz-work-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.counter = 0

    # ---- layout -------------------------------------------------------------------------------------------------
    def layout(self, case: Case) -> Path:
        self.counter += 1
        folder = self.workdir / f"c{os.getpid()}-{self.counter}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        (folder / "out").mkdir()  # where the standard plan's -o goes (a missing folder is the output class's job)
        for rel, content in case.files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                if "absolute_include" in case.notes and rel == case.model:
                    content = content.replace(b"PLACEHOLDER", str(folder / case.notes["absolute_include"]).encode())
                target.write_bytes(content)
            elif content.kind == "dir":
                target.mkdir(exist_ok=True)
            elif content.kind == "symlink":
                os.symlink(content.target, target)
            elif content.kind == "fifo":
                os.mkfifo(target)
            elif content.kind == "chardev":
                major, minor = (int(x) for x in content.target.split(":"))
                os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        return folder

    # ---- one command in-process ---------------------------------------------------------------------------------
    def invoke(self, argv: list[str], *, debug: bool = False, timeout: float = 60.0) -> Outcome:
        env = dict(CLEAN_ENV, PIA_DEBUG="1" if debug else None)
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        started = time.perf_counter()
        try:
            result = self.runner.invoke(self.app, argv, env=env, catch_exceptions=True)
        except InProcessTimeout:
            return Outcome(argv, -1, "", "", time.perf_counter() - started, timed_out=True)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        seconds = time.perf_counter() - started
        return Outcome(
            argv,
            result.exit_code,
            result.stdout_bytes.decode("utf-8", errors="replace"),
            (result.stderr_bytes or b"").decode("utf-8", errors="replace"),
            seconds,
            exception=result.exception,
            exc_info=result.exc_info,
        )

    # ---- a whole case -------------------------------------------------------------------------------------------
    def run(self, case: Case, rng: random.Random | None = None) -> CaseResult:
        rng = rng or random.Random(case.label)
        result = CaseResult(case.klass, case.label)
        here = os.getcwd()
        started = time.perf_counter()
        folder = None
        try:
            folder = self.layout(case)
            os.chdir(folder)
            if case.subprocess:
                self._run_subprocess_case(case, folder, result)
            else:
                self._run_commands(case, folder, rng, result)
        except Exception as error:  # a bug of the harness: say so, never hide it as a product defect
            import traceback

            result.harness_error = f"{type(error).__name__}: {safe(str(error))} in {case.label!r}\n" + "".join(
                traceback.format_exc(limit=-3)
            )
        finally:
            os.chdir(here)
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        result.seconds = time.perf_counter() - started
        return result

    def _run_commands(self, case: Case, folder: Path, rng: random.Random, result: CaseResult) -> None:
        known = _known_files(case)
        planned = list(case.commands) if case.commands is not None else None
        queue: list[Command] = planned if planned is not None else [Command(["validate", case.model])]
        standard = planned is None
        first = True
        loadable: bool | None = None
        heaviest: Command | None = None
        while queue:
            command = queue.pop(0)
            if command.name == "export" and not self._export_allowed(case, rng):
                continue
            outcome = self._one(case, command, folder, known, result)
            if outcome is None:
                continue
            if command.name in ("check", "validate", "threshold") and not command.output:
                heaviest = command if heaviest is None or command.name == "check" else heaviest
            if standard and first:
                first = False
                loadable = outcome.exit_code == 0
                queue.extend(self._standard_plan(case, rng, loadable))
        if heaviest is not None and (rng.random() < self.settings.memory_rate):
            self._measure(case, folder, heaviest, result, reason="sample")

    def _export_allowed(self, case: Case, rng: random.Random) -> bool:
        if self.settings.export_rate <= 0 or not case.allow_export:
            return False
        return bool(case.notes.get("export")) or rng.random() < self.settings.export_rate

    def _standard_plan(self, case: Case, rng: random.Random, loadable: bool) -> list[Command]:
        model = case.model
        plan: list[Command] = []
        if loadable:
            for fmt in rng.sample(["text", "json", "sarif", "csv"], rng.randint(1, 2)):
                argv = ["check", model, "-f", fmt]
                if rng.random() < 0.3:
                    argv += ["--lang", "en"]
                writes: tuple[str, ...] = ()
                if rng.random() < 0.25:
                    argv += ["-o", f"out/check.{fmt}"]
                    writes = (f"out/check.{fmt}",)
                plan.append(Command(argv, writes=writes))
            if rng.random() < 0.5:
                plan.append(Command(["threshold", model, *(["--lang", "en"] if rng.random() < 0.3 else [])]))
            assessment = f"{PROJECT}/a.assessment.yaml"
            export = rng.random() < self.settings.export_rate
            if rng.random() < 0.35 or export:
                plan.append(Command(["assess", "init", model, "--assessment", assessment], writes=(assessment,)))
                fmt_args = ["-f", "json"] if rng.random() < 0.5 else []
                plan.append(Command(["assess", "status", model, "--assessment", assessment, *fmt_args]))
            if export:
                plan.append(
                    Command(
                        ["export", model, "--assessment", assessment, "-o", "out/report.pdf"],
                        writes=("out/report.pdf",),
                    )
                )
                case.notes["export"] = "sampled"
        else:
            if rng.random() < 0.4:
                plan.append(Command(["check", model, "-f", rng.choice(["text", "json", "sarif", "csv"])]))
            if rng.random() < 0.15:
                plan.append(Command(["threshold", model]))
        return plan

    def _one(self, case: Case, command: Command, folder: Path, known: set[str], result: CaseResult) -> Outcome | None:
        before = snapshot(folder)
        outcome = self.invoke(command.argv, timeout=case.timeout)
        result.commands += 1
        output = command.output
        after = snapshot(folder)
        for path in [output] if output else []:
            target = folder / path
            # Only what the command wrote is its output: a refused -o (onto the model) leaves the input there.
            written = path not in before or before[path] != after.get(path)
            if written and target.is_file() and not target.is_symlink():
                outcome.outputs[path] = target.read_bytes()
        defects = check_command(case, command, outcome, known)
        defects += compare(case, command, before, after)
        defects += check_policy_scope(case, command, outcome)
        if (
            outcome.exit_code == 3
            and "internal error" in outcome.stderr
            and (outcome.exception is None or isinstance(outcome.exception, SystemExit))
        ):
            defects += self._internal_error(case, command, outcome)
        if command.name == "assess init" and outcome.exit_code == 0:
            defects += self._assessment_loads(case, command, known)
        result.defects += defects
        if outcome.seconds > 1.0 and not command.output and command.name in ("check", "validate", "threshold"):
            self._measure(case, folder, command, result, reason=f"in-process {outcome.seconds:.1f} s")
        return outcome

    def _internal_error(self, case: Case, command: Command, outcome: Outcome) -> list[Defect]:
        """``pia check`` turned an exception into exit 3: run it again with PIA_DEBUG=1 to place it."""
        again = self.invoke(command.argv, debug=True, timeout=case.timeout)
        error = again.exception
        message = next((line for line in outcome.stderr.splitlines() if "internal error" in line), "")
        if error is not None and not isinstance(error, SystemExit):
            from tests.fuzz.oracles import project_frame

            tb = again.exc_info[2] if again.exc_info else None
            place = f"{type(error).__name__} in {project_frame(tb, recursion=isinstance(error, RecursionError))}"
        else:
            place = f"internal error: {template(message, 60)}"
        return [Defect(1, "internal error (exit 3)", place, f"{safe(message, 100)} ({case.label})", command.argv)]

    def _assessment_loads(self, case: Case, command: Command, known: set[str]) -> list[Defect]:
        argv = command.argv
        assessment = argv[argv.index("--assessment") + 1] if "--assessment" in argv else None
        model = argv[2]
        status = ["assess", "status", model, *(["--assessment", assessment] if assessment else [])]
        again = self.invoke(status, timeout=case.timeout)
        if again.exit_code == 0:
            return []
        if again.timed_out:
            return [
                Defect(
                    6,
                    "hang",
                    f"assess status after assess init: no answer within {case.timeout:.0f} s",
                    case.label,
                    status,
                )
            ]
        first = next(iter(again.stderr.splitlines()), "") or (type(again.exception).__name__ if again.exception else "")
        return [
            Defect(
                5,
                "written assessment does not load",
                f"after assess init: {template(first, 60)}",
                f"status exit {again.exit_code}: {safe(first, 100)} ({case.label})",
                status,
            )
        ]

    # ---- subprocesses -------------------------------------------------------------------------------------------
    def measure_case(self, case: Case, command: Command) -> CaseResult:
        """Lay ``case`` out and run ``command`` once in a subprocess, for time and memory only."""
        result = CaseResult(case.klass, case.label)
        folder = self.layout(case)
        try:
            self._measure(case, folder, command, result, reason="quick sample")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return result

    def _measure(self, case: Case, folder: Path, command: Command, result: CaseResult, reason: str) -> None:
        measured = run_subprocess(command.argv, folder, timeout=case.timeout, mem_limit_mb=2048)
        measured["reason"] = reason
        measured["label"] = case.label
        result.measurements.append(measured)
        if measured["timed_out"]:
            result.defects.append(
                Defect(6, "hang", f"{command.name}: no answer within {case.timeout:.0f} s", case.label, command.argv)
            )
        elif measured["max_rss_mb"] and measured["max_rss_mb"] > 300:
            result.defects.append(
                Defect(
                    6,
                    "memory",
                    f"{command.name} above 300 MB",
                    f"{measured['max_rss_mb']:.0f} MB: {case.label}",
                    command.argv,
                )
            )

    def _run_subprocess_case(self, case: Case, folder: Path, result: CaseResult) -> None:
        known = _known_files(case)
        writer = start_writer(folder, case.setup) if case.setup else None
        try:
            for command in case.commands or [Command(["validate", case.model])]:
                before = snapshot(folder)
                measured = run_subprocess(command.argv, folder, timeout=case.timeout, mem_limit_mb=case.mem_limit_mb)
                result.commands += 1
                measured["label"] = case.label
                result.measurements.append(measured)
                outcome = Outcome(
                    command.argv,
                    measured["exit_code"],
                    measured["stdout"],
                    measured["stderr"],
                    measured["wall_s"],
                    timed_out=measured["timed_out"],
                    max_rss_mb=measured["max_rss_mb"],
                )
                defects = check_command(case, command, outcome, known)
                if measured["signal"]:
                    defects.append(
                        Defect(
                            1,
                            "killed",
                            f"{command.name} killed by signal {measured['signal']}",
                            f"{case.label}",
                            command.argv,
                        )
                    )
                if measured["memory_error"]:
                    defects.append(
                        Defect(
                            6,
                            "memory",
                            f"{command.name}: MemoryError under the memory limit",
                            f"limit {case.mem_limit_mb} MB: {case.label}",
                            command.argv,
                        )
                    )
                # Time in a subprocess includes starting Python and importing pia (~1 s): the limit applies to
                # the rest.
                defects = [d for d in defects if not (d.oracle == 6 and d.kind == "slow")]
                measured["startup_s"] = startup_seconds()
                if not measured["timed_out"] and measured["wall_s"] - measured["startup_s"] > 2.0:
                    defects.append(
                        Defect(
                            6,
                            "slow",
                            f"{command.name} slower than 2 s",
                            f"{measured['wall_s']:.1f} s: {case.label}",
                            command.argv,
                        )
                    )
                defects += compare(case, command, before, snapshot(folder))
                result.defects += defects
        finally:
            if writer is not None:
                writer.stop()


def _alarm(signum: int, frame: Any) -> None:
    raise InProcessTimeout()


def _known_files(case: Case) -> set[str]:
    known = {rel for rel in case.files}
    for rel, content in case.files.items():  # messages name a symlink by what it points to
        if isinstance(content, Special) and content.kind == "symlink":
            known.add(os.path.normpath(os.path.join(os.path.dirname(rel), content.target)))
    known.add(case.model)
    known.add(case.model.rstrip("/"))
    for command in case.commands or []:
        known.update(a for a in command.argv if "/" in a or a.endswith(".yaml"))
    return known


# ---- snapshots (oracle 5) ---------------------------------------------------------------------------------------
def snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every path under ``folder``: type, inode, mode, size and a hash of a regular file's bytes."""
    found: dict[str, tuple[Any, ...]] = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            try:
                info = path.lstat()
            except OSError:
                continue
            digest = ""
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha1(path.read_bytes()).hexdigest()
            found[rel] = (stat.S_IFMT(info.st_mode), info.st_ino, stat.S_IMODE(info.st_mode), info.st_size, digest)
    return found


def _role(case: Case, command: Command, rel: str) -> str:
    argv = command.argv
    model = argv[2] if argv[:1] == ["assess"] and len(argv) > 2 else (argv[1] if len(argv) > 1 else None)
    if rel in (case.model, model):
        return "model"
    if rel.endswith(".triage.yaml") or "decisions" in rel:
        return "triage file"
    if "policy" in rel:
        return "policy file"
    if rel.endswith(".assessment.yaml"):
        return "assessment"
    content = case.files.get(rel)
    if isinstance(content, Special) and content.kind == "chardev":
        return "device node"
    if rel.endswith(".yaml"):
        return "included/other model file"
    return "other file"


def compare(case: Case, command: Command, before: dict[str, Any], after: dict[str, Any]) -> list[Defect]:
    allowed = set(command.writes)
    allowed_dirs = {str(Path(w).parent) for w in command.writes}
    defects = []
    for rel, state in before.items():
        if rel in allowed:
            continue
        now = after.get(rel)
        if now == state:
            continue
        if now is None:
            how = "deleted"
        elif now[0] != state[0] or now[1] != state[1]:
            how = "replaced"
        else:
            how = "modified"
        defects.append(
            Defect(
                5,
                f"input {how}",
                f"{command.name} {how} the {_role(case, command, rel)}",
                f"{rel}: {case.label}",
                command.argv,
            )
        )
    for rel in after:
        if rel in before or rel in allowed or any(rel == d or rel.startswith(d + "/") for d in allowed_dirs):
            continue
        if any(w.startswith(rel + "/") for w in allowed):
            continue
        name = Path(rel).name
        kind = "stray temporary file" if name.startswith(".") or name.endswith((".tmp", ".partial")) else "new file"
        defects.append(Defect(5, kind, f"{command.name} left a {kind}", f"{rel}: {case.label}", command.argv))
    return defects


# ---- subprocess measurement -------------------------------------------------------------------------------------
_STARTUP: float | None = None


def startup_seconds() -> float:
    """Wall time of ``pia --version`` in a subprocess: Python and the CLI's imports."""
    global _STARTUP
    if _STARTUP is None:
        folder = Path(tempfile.mkdtemp(prefix="pia-fuzz-startup-"))
        try:
            runs = [run_subprocess(["--version"], folder, timeout=60)["wall_s"] for _ in range(2)]
            _STARTUP = min(runs)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return _STARTUP


def run_subprocess(argv: list[str], cwd: Path, *, timeout: float, mem_limit_mb: int | None = None) -> dict[str, Any]:
    """Run ``pia argv`` in a fresh interpreter; wall time, maximum resident size, exit code, output."""
    env = {k: v for k, v in os.environ.items() if k not in ("PIA_DEBUG", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env["COLUMNS"] = "120"
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", PIA_SNIPPET, *argv]
    time_file = None
    if TIME_BIN:
        handle, time_file = tempfile.mkstemp(prefix="pia-fuzz-time-")
        os.close(handle)
        command = [TIME_BIN, "-v", "-o", time_file, *command]

    def limits() -> None:
        if mem_limit_mb:
            size = mem_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=limits,
            start_new_session=True,
        )
        timed_out = False
        rusage = None
        status = 0
        deadline = started + timeout
        while True:
            pid, status, rusage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started, nothing else
                _, status, rusage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read(4_000_000).decode("utf-8", errors="replace")
        stderr = err.read(4_000_000).decode("utf-8", errors="replace")
    # Without /usr/bin/time, wait4's maximum includes what the forked child inherited from this process; with
    # it, the figure is python's own (time forks it from a small process). A killed run has no figure.
    max_rss_mb = rusage.ru_maxrss / 1024 if rusage and not TIME_BIN and not timed_out else None
    exit_code = process.returncode
    signal_number = 0
    if time_file:
        text = Path(time_file).read_text(errors="replace")
        Path(time_file).unlink(missing_ok=True)
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("Maximum resident set size (kbytes):"):
                max_rss_mb = int(line.rsplit(":", 1)[1]) / 1024
            elif line.startswith("Exit status:"):
                exit_code = int(line.rsplit(":", 1)[1])
            elif line.startswith("Command terminated by signal"):
                signal_number = int(line.rsplit(" ", 1)[1])
        if stderr.startswith("Command ") or "Command terminated by signal" in text:
            pass
    elif exit_code < 0:
        signal_number = -exit_code
    if timed_out:
        signal_number = 0
    return {
        "argv": argv,
        "exit_code": exit_code,
        "stdout": stdout,
        "stderr": stderr,
        "wall_s": wall,
        "max_rss_mb": max_rss_mb,
        "timed_out": timed_out,
        "signal": signal_number,
        "memory_error": "MemoryError" in stderr,
    }


class _Writer:
    """Feeds a FIFO endlessly from a thread until stopped."""

    def __init__(self, path: Path, chunk: bytes) -> None:
        self.path = path
        self.chunk = chunk
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()

    def _feed(self) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY)
        except OSError:
            return
        try:
            while not self.stopped.is_set():
                os.write(fd, self.chunk)
        except OSError:
            pass
        finally:
            os.close(fd)

    def stop(self) -> None:
        self.stopped.set()
        try:  # unblock a writer still waiting in open(): open the read end once, then drop it
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        self.thread.join(timeout=5)


def start_writer(folder: Path, setup: str) -> _Writer | None:
    kind, _, rel = setup.partition(":")
    if kind == "fifo_writer":
        return _Writer(folder / rel, b"nodes:\n  - {id: a, title: A, kind: ward}\n" * 256)
    return None
