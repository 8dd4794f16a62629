"""The fuzz runner: ``python -m tests.fuzz.run --count 10000 [--seed N] [--jobs 1]``.

Inputs are drawn per generator class in proportion to ``generators.WEIGHTS`` and run in chunks, in worker
processes (``--jobs``, at most 2 on a shared machine); a worker that dies (a hard crash, an out-of-memory kill)
is noticed, the input that killed it is found and reported, and the run carries on. The resource-exhaustion
inputs (``resources``) run once at the end, each in its own subprocess. The summary gives inputs per class,
defects per oracle and the top places, and one example input per place is saved under ``--out``
(default /tmp/pia-fuzz/<class>/<n>.yaml, with <n>.json saying how to reproduce it and <n>.min.yaml when a
smaller input reproduces the same defect).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz.case import Case, Command, Special
from tests.fuzz.corpus import ROOT
from tests.fuzz.execute import CaseResult, Executor, Settings, startup_seconds
from tests.fuzz.generators import GENERATORS, MARKER, MODEL, WEIGHTS
from tests.fuzz.oracles import ORACLES, Defect, safe

DEFAULT_OUT = Path(tempfile.gettempdir()) / "pia-fuzz"
MINIMISED = (1, 2)
"""Oracles whose first example per place is shrunk (a crash or a misplaced error is worth a small input)."""
PIA = str(ROOT / ".venv" / "bin" / "pia") if (ROOT / ".venv" / "bin" / "pia").exists() else "pia"
WORKER_MEMORY_MB = 4096
"""Each worker's address-space cap: a runaway input raises MemoryError there instead of exhausting the machine."""


@dataclass(frozen=True)
class Task:
    id: int
    klass: str
    n: int
    seed: str


@dataclass
class Config:
    seed: int = 1
    export_rate: float = 0.0
    memory_rate: float = 0.0
    minimise: bool = False
    subprocess_cases: bool = True
    """False (quick mode): inputs that need a subprocess of their own are replaced by others of the class."""
    workdir: str = ""
    inflight: str = ""


@dataclass
class Found:
    """One defect place, as a worker saw it."""

    oracle: int
    place: str
    kind: str
    detail: str
    argv: list[str]
    klass: str
    label: str
    order: tuple[int, int]
    example: dict[str, Any] | None = None


@dataclass
class TaskResult:
    task_id: int
    klass: str
    inputs: int = 0
    commands: int = 0
    seconds: float = 0.0
    per_oracle: Counter[int] = field(default_factory=Counter)
    with_defects: int = 0
    found: list[Found] = field(default_factory=list)
    measurements: list[dict[str, Any]] = field(default_factory=list)
    harness_errors: list[str] = field(default_factory=list)


# ---- generating ---------------------------------------------------------------------------------------------------
def plan_tasks(count: int, seed: int, chunk: int, only: list[str] | None = None) -> list[Task]:
    weights = {k: w for k, w in WEIGHTS.items() if not only or k in only}
    total = sum(weights.values())
    shares = {k: int(count * w / total) for k, w in weights.items()}
    for k in sorted(weights, key=lambda k: -weights[k])[: count - sum(shares.values())]:
        shares[k] += 1
    tasks = []
    for klass, n in shares.items():
        for index, start in enumerate(range(0, n, chunk)):
            tasks.append(Task(len(tasks), klass, min(chunk, n - start), f"{seed}:{klass}:{index}"))
    return tasks


def case_rng(task: Task, index: int) -> random.Random:
    return random.Random(f"{task.seed}:{index}")


def generate(task: Task, index: int) -> Case:
    return GENERATORS[task.klass](case_rng(task, index))


def generated_cases(task: Task, callback: Any) -> None:
    """Feed ``task.n`` hypothesis-drawn models to ``callback(index, case)``, deterministically from the seed."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hypothesis_seed

    from tests.fuzz.corpus import dump, locate
    from tests.fuzz.strategies import spoiled_models

    counter = [0]

    @hypothesis_seed(int.from_bytes(task.seed.encode(), "little") % (2**63))
    @settings(
        max_examples=task.n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(spoiled_models())
    def inner(drawn: tuple[dict[str, Any], str, tuple[Any, ...] | None, bool]) -> None:
        document, spoiler, path, key = drawn
        index = counter[0]
        counter[0] += 1
        text = dump(document, flow=index % 4 == 3)
        where = locate(text, path, key=key) if path else None
        case = Case(
            klass="generated",
            notes={"place": f"planted {spoiler.replace('_', ' ')}"},
            label=f"generated model #{index} ({spoiler}; {len(document['nodes'])} nodes, "
            f"{len(document['flows'])} flows)",
            files={**MARKER, MODEL: text.encode("utf-8")},
            model=MODEL,
            fuzzed=MODEL,
            defect_at=where,
            expect_reject=spoiler != "none",
        )
        callback(index, case)

    inner()


# ---- running a task (in a worker process, or in-process for the quick test) --------------------------------------
_EXECUTOR: Executor | None = None
_SEEN: set[tuple[int, str]] = set()


def _executor(config: Config) -> Executor:
    global _EXECUTOR
    if _EXECUTOR is None:
        workdir = Path(config.workdir or tempfile.mkdtemp(prefix="pia-fuzz-work-")) / f"w{os.getpid()}"
        _EXECUTOR = Executor(workdir, Settings(export_rate=config.export_rate, memory_rate=config.memory_rate))
    return _EXECUTOR


def _init_worker() -> None:
    limit = WORKER_MEMORY_MB * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_task(task: Task, config: Config, skip: frozenset[int] = frozenset()) -> TaskResult:
    executor = _executor(config)
    out = TaskResult(task.id, task.klass)

    def one(index: int, case: Case) -> None:
        if index in skip:
            return
        if config.inflight:
            Path(config.inflight, str(os.getpid())).write_text(f"{task.id} {index}\n")
        result = executor.run(case, case_rng(task, index))
        _collect(out, task, index, case, result, executor, config)

    if task.klass == "generated":
        generated_cases(task, one)
    else:
        for index in range(task.n):
            try:
                case = generate(task, index)
                redraw = index
                while case.subprocess and not config.subprocess_cases:
                    redraw += 100_000
                    case = generate(task, redraw)
            except Exception as error:
                out.harness_errors.append(f"generator {task.klass} #{index}: {type(error).__name__}: {error}")
                continue
            one(index, case)
    if config.inflight:
        Path(config.inflight, str(os.getpid())).unlink(missing_ok=True)
    return out


def _collect(
    out: TaskResult, task: Task, index: int, case: Case, result: CaseResult, executor: Executor, config: Config
) -> None:
    out.inputs += 1
    out.commands += result.commands
    out.seconds += result.seconds
    out.measurements += result.measurements
    if result.harness_error:
        out.harness_errors.append(result.harness_error)
    real = [d for d in result.defects if d.oracle > 0]
    for d in result.defects:
        if d.oracle == 0:
            out.harness_errors.append(f"{d.place}: {d.detail}")
    if real:
        out.with_defects += 1
    for oracle in {d.oracle for d in real}:
        out.per_oracle[oracle] += 1
    first: dict[tuple[int, str], Defect] = {}
    for d in real:
        first.setdefault(d.signature, d)
    for signature, d in first.items():
        found = Found(d.oracle, d.place, d.kind, d.detail, d.argv, case.klass, case.label, (task.id, index))
        if signature not in _SEEN:
            _SEEN.add(signature)
            found.example = _example(case, d, executor, config)
        out.found.append(found)


def _payload(case: Case, argv: list[str]) -> dict[str, Any]:
    """What is saved of an input: its files (the large ones only if fuzzed), where the model is, the command."""
    files: dict[str, Any] = {}
    budget = 8 * 1024 * 1024
    for rel, content in case.files.items():
        if isinstance(content, Special):
            files[rel] = {"special": content.kind, "target": content.target}
        elif rel == case.fuzzed or len(content) <= budget:
            files[rel] = content
            budget -= len(content) if rel != case.fuzzed else 0
    return {
        "files": files,
        "model": case.model,
        "fuzzed": case.fuzzed,
        "label": case.label,
        "argv": argv,
        "notes": case.notes,
    }


def _example(case: Case, defect: Defect, executor: Executor, config: Config) -> dict[str, Any]:
    example = _payload(case, defect.argv)
    if config.minimise and defect.oracle in MINIMISED and case.fuzzed_bytes is not None:
        from tests.fuzz.minimise import minimise

        try:
            smaller = minimise(
                executor, case, Command(defect.argv, writes=_writes(defect.argv)), defect.signature, budget=100
            )
        except Exception:
            smaller = None
        if smaller is not None:
            example["minimised"] = smaller
    return example


def _writes(argv: list[str]) -> tuple[str, ...]:
    """What a command replayed alone may write: its -o, and the assessment of ``assess init``."""
    flags = ["-o", "--output"] + (["--assessment"] if argv[:2] == ["assess", "init"] else [])
    return tuple(argv[argv.index(f) + 1] for f in flags if f in argv and argv.index(f) + 1 < len(argv))


# ---- aggregating ----------------------------------------------------------------------------------------------------
@dataclass
class Summary:
    seed: int
    jobs: int
    inputs: Counter[str] = field(default_factory=Counter)
    with_defects: Counter[str] = field(default_factory=Counter)
    commands: Counter[str] = field(default_factory=Counter)
    per_oracle: Counter[int] = field(default_factory=Counter)
    places: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    measurements: list[dict[str, Any]] = field(default_factory=list)
    resources: list[dict[str, Any]] = field(default_factory=list)
    harness_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def merge(self, result: TaskResult) -> None:
        self.inputs[result.klass] += result.inputs
        self.with_defects[result.klass] += result.with_defects
        self.commands[result.klass] += result.commands
        self.per_oracle.update(result.per_oracle)
        self.measurements += result.measurements
        self.harness_errors += result.harness_errors
        for found in result.found:
            self.add(found)

    def add(self, found: Found) -> None:
        entry = self.places.setdefault(
            (found.oracle, found.place),
            {
                "oracle": found.oracle,
                "place": found.place,
                "kind": found.kind,
                "count": 0,
                "classes": Counter(),
                "first": None,
            },
        )
        entry["count"] += 1
        entry["classes"][found.klass] += 1
        old: Found | None = entry["first"]
        if old is None or (
            (found.example is not None, -found.order[0], -found.order[1])
            > (old.example is not None, -old.order[0], -old.order[1])
        ):
            entry["first"] = found

    def by_oracle(self) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for entry in self.places.values():
            grouped[entry["oracle"]].append(entry)
        for entries in grouped.values():
            entries.sort(key=lambda e: (-e["count"], e["place"]))
        return dict(sorted(grouped.items()))


def save_examples(summary: Summary, out: Path) -> None:
    numbers: Counter[str] = Counter()
    for entry in sorted(summary.places.values(), key=lambda e: (e["oracle"], -e["count"], e["place"])):
        found: Found | None = entry["first"]
        if found is None or found.example is None:
            continue
        example = found.example
        klass = found.klass
        numbers[klass] += 1
        number = numbers[klass]
        folder = out / klass
        folder.mkdir(parents=True, exist_ok=True)
        fuzzed = example.get("fuzzed")
        suffix = Path(fuzzed).suffix if fuzzed and Path(fuzzed).suffix else ".yaml"
        files = example["files"]
        if fuzzed and isinstance(files.get(fuzzed), bytes):
            (folder / f"{number}{suffix}").write_bytes(files[fuzzed])
        if "minimised" in example:
            (folder / f"{number}.min{suffix}").write_bytes(example["minimised"])
        case_dir = folder / f"{number}.case"
        specials = {}
        for rel, content in files.items():
            if isinstance(content, dict):
                specials[rel] = content
                continue
            try:
                target = case_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            except (OSError, ValueError):
                specials[rel] = {"unsaved": "a name the file system refuses"}
        meta = {
            "oracle": entry["oracle"],
            "oracle_title": ORACLES[entry["oracle"]],
            "place": entry["place"],
            "kind": found.kind,
            "inputs_with_this_defect": entry["count"],
            "class": klass,
            "label": example["label"],
            "detail": found.detail,
            "reproduce": f"cd {case_dir} && {PIA} " + " ".join(_quote(a) for a in found.argv),
            "model": example["model"],
            "fuzzed": fuzzed,
            "special_files": specials,
            "notes": example.get("notes", {}),
        }
        (folder / f"{number}.json").write_text(json.dumps(meta, ensure_ascii=True, indent=2) + "\n")
        entry["saved"] = str(folder / f"{number}{suffix}") if fuzzed else str(folder / f"{number}.json")


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg.encode("unicode_escape").decode() if not arg.isprintable() else arg)


# ---- printing -------------------------------------------------------------------------------------------------------
def format_summary(summary: Summary, top: int = 12) -> str:
    lines = []
    total = sum(summary.inputs.values())
    lines.append(
        f"pia fuzz: {total:,} inputs (seed {summary.seed}, {summary.jobs} job(s)) in {summary.seconds:,.0f} s; "
        f"{len(summary.harness_errors)} harness error(s)"
    )
    lines.append("")
    lines.append("inputs per generator class")
    lines.append(f"  {'class':<12} {'inputs':>7} {'commands':>9} {'with defects':>13}")
    for klass in sorted(summary.inputs, key=lambda k: -summary.inputs[k]):
        lines.append(
            f"  {klass:<12} {summary.inputs[klass]:>7,} {summary.commands[klass]:>9,} "
            f"{summary.with_defects[klass]:>13,}"
        )
    lines.append("")
    lines.append("defects per oracle (inputs with at least one; places)")
    grouped = summary.by_oracle()
    for oracle, title in ORACLES.items():
        places = grouped.get(oracle, [])
        lines.append(f"  {oracle}. {title:<68} {summary.per_oracle.get(oracle, 0):>6,} inputs {len(places):>4} places")
        kinds: Counter[str] = Counter()
        kind_places: Counter[str] = Counter()
        for entry in places:
            kinds[entry["kind"]] += entry["count"]
            kind_places[entry["kind"]] += 1
        if kinds:
            lines.append(
                "       " + "; ".join(f"{k}: {n:,} hits in {kind_places[k]} places" for k, n in kinds.most_common())
            )
    lines.append("")
    lines.append("top places (oracle, inputs, place, example)")
    for oracle, entries in grouped.items():
        for entry in entries[:top]:
            first: Found | None = entry["first"]
            saved = entry.get("saved", "")
            example = safe(first.detail, 110) if first else ""
            lines.append(f"  {oracle} {entry['count']:>6,}  {safe(entry['place'], 100)}")
            lines.append(f"           e.g. {example}")
            if saved:
                lines.append(f"           saved: {saved}")
        if len(entries) > top:
            lines.append(f"  {oracle}   ... {len(entries) - top} more places in summary.json")
    if summary.resources:
        lines.append("")
        lines.append(
            f"resource-exhaustion inputs (subprocess; Python + imports take {startup_seconds():.1f} s of each)"
        )
        lines.append(f"  {'input':<62} {'command':<14} {'exit':>5} {'wall s':>7} {'max MB':>7}  outcome")
        for m in summary.resources:
            exit_text = "kill" if m["timed_out"] else str(m["exit_code"])
            rss = f"{m['max_rss_mb']:.0f}" if m["max_rss_mb"] else "?"
            lines.append(
                f"  {safe(m['label'], 62):<62} {' '.join(m['argv'][:1]):<14} {exit_text:>5} "
                f"{m['wall_s']:>7.1f} {rss:>7}  {safe(m.get('outcome', ''), 70)}"
            )
    if summary.measurements:
        heavy = sorted(summary.measurements, key=lambda m: -(m["max_rss_mb"] or 0))[:5]
        lines.append("")
        lines.append(f"sampled subprocess measurements: {len(summary.measurements)}; the heaviest:")
        for m in heavy:
            lines.append(
                f"  {m['max_rss_mb'] or 0:>6.0f} MB {m['wall_s']:>6.1f} s  {' '.join(m['argv'][:1])}  "
                f"{safe(m['label'], 80)}"
            )
    if summary.harness_errors:
        lines.append("")
        lines.append("harness errors (bugs of the harness, not of pia):")
        for error in summary.harness_errors[:10]:
            lines.append("  " + safe(error.splitlines()[0], 150))
    return "\n".join(lines)


# ---- the two modes --------------------------------------------------------------------------------------------------
def run_sample(
    counts: dict[str, int],
    seed: int = 7,
    *,
    memory_rate: float = 0.0,
    examples: tuple[str, ...] = (),
    measure: bool = False,
) -> Summary:
    """In-process, for the quick test: ``counts`` inputs per class, no exports, no minimising, no resources."""
    global _EXECUTOR
    from tests.fuzz.corpus import use_examples

    summary = Summary(seed, 0)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pia-fuzz-quick-") as workdir:
        _EXECUTOR = None
        _SEEN.clear()
        use_examples(examples)
        config = Config(seed=seed, memory_rate=memory_rate, subprocess_cases=False, workdir=workdir)
        try:
            tasks = [Task(i, klass, n, f"{seed}:{klass}:quick") for i, (klass, n) in enumerate(counts.items())]
            for task in tasks:
                summary.merge(run_task(task, config))
            if measure:
                summary.merge(measure_example(config, examples[0] if examples else None))
        finally:
            _EXECUTOR = None
            use_examples(())
    summary.seconds = time.perf_counter() - started
    return summary


def measure_example(config: Config, name: str | None) -> TaskResult:
    """``pia check -f json`` of one example in a subprocess: its time and memory (oracle 6) in quick mode."""
    from tests.fuzz.corpus import example_layout, example_names

    name = name or example_names()[0]
    files, model = example_layout(name)
    case = Case(klass="measure", label=f"{name}: check -f json in a subprocess", files=files, model=model)
    out = TaskResult(-1, "measure")
    result = _executor(config).measure_case(case, Command(["check", model, "-f", "json"]))
    _collect(out, Task(-1, "measure", 1, "measure"), 0, case, result, _executor(config), config)
    return out


def run_long(
    count: int,
    seed: int,
    jobs: int,
    out: Path,
    *,
    chunk: int,
    export_rate: float,
    memory_rate: float,
    resources: bool,
    minimise: bool,
    only: list[str] | None,
) -> Summary:
    summary = Summary(seed, jobs)
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="pia-fuzz-work-"))
    inflight = workdir / "inflight"
    inflight.mkdir()
    config = Config(
        seed=seed,
        export_rate=export_rate,
        memory_rate=memory_rate,
        minimise=minimise,
        workdir=str(workdir),
        inflight=str(inflight),
    )
    tasks = {t.id: t for t in plan_tasks(count, seed, chunk, only)}
    pending = dict(tasks)
    skips: dict[int, set[int]] = defaultdict(set)
    done = 0
    try:
        while pending:
            broken = False
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) as pool:
                futures = {pool.submit(run_task, t, config, frozenset(skips[t.id])): t.id for t in pending.values()}
                for future in as_completed(futures):
                    task_id = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    except Exception as error:
                        summary.harness_errors.append(f"task {task_id}: {type(error).__name__}: {error}")
                        pending.pop(task_id, None)
                        continue
                    summary.merge(result)
                    pending.pop(task_id, None)
                    done += result.inputs
                    print(
                        f"\r  {done:,}/{count:,} inputs, {time.perf_counter() - started:,.0f} s",
                        end="",
                        file=sys.stderr,
                        flush=True,
                    )
            if broken and not _find_crashers(inflight, tasks, pending, skips, summary, config):
                summary.harness_errors.append(
                    f"a worker died and no input was found to blame; {len(pending)} task(s) not run"
                )
                break
        print(file=sys.stderr)
        if resources:
            summary.resources = run_resources(summary, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    save_examples(summary, out)
    return summary


def _find_crashers(
    inflight: Path,
    tasks: dict[int, Task],
    pending: dict[int, Task],
    skips: dict[int, set[int]],
    summary: Summary,
    config: Config,
) -> bool:
    """After a worker died: run each input that was in flight alone, in a fresh process; blame those that kill it."""
    blamed = False
    suspects = []
    for marker in inflight.iterdir():
        try:
            task_id, index = (int(x) for x in marker.read_text().split())
        except ValueError:
            continue
        marker.unlink(missing_ok=True)
        if task_id in pending:
            suspects.append((task_id, index))
    for task_id, index in suspects:
        task = tasks[task_id]
        single = Task(task.id, task.klass, index + 1, task.seed)
        keep = frozenset(range(index))
        try:
            with ProcessPoolExecutor(max_workers=1, initializer=_init_worker) as pool:
                pool.submit(run_task, single, Config(seed=config.seed), keep).result()
        except BrokenProcessPool:
            skips[task_id].add(index)
            blamed = True
            case = generate(task, index) if task.klass != "generated" else None
            label = case.label if case else f"generated model #{index} of task {task.seed}"
            found = Found(
                1, "hard crash: the worker process died", "hard crash", label, [], task.klass, label, (task_id, index)
            )
            if case is not None:
                found.example = _payload(case, case.commands[0].argv if case.commands else ["validate", case.model])
            summary.add(found)
            summary.inputs[task.klass] += 1
            summary.with_defects[task.klass] += 1
            summary.per_oracle[1] += 1
    return blamed


def run_resources(summary: Summary, workdir: Path) -> list[dict[str, Any]]:
    from tests.fuzz.resources import resource_cases

    executor = Executor(workdir / "resources", Settings())
    rows = []
    cases = resource_cases()
    for number, case in enumerate(cases, 1):
        print(
            f"\r  resource input {number}/{len(cases)}: {safe(case.label, 60):<60}", end="", file=sys.stderr, flush=True
        )
        result = executor.run(case)
        summary.inputs["resource"] += 1
        summary.commands["resource"] += result.commands
        if result.harness_error:
            summary.harness_errors.append(result.harness_error)
        task_result = TaskResult(-1, "resource")
        real = [d for d in result.defects if d.oracle > 0]
        if real:
            summary.with_defects["resource"] += 1
        for oracle in {d.oracle for d in real}:
            summary.per_oracle[oracle] += 1
        seen = set()
        for d in real:
            if d.signature in seen:
                continue
            seen.add(d.signature)
            found = Found(d.oracle, d.place, d.kind, d.detail, d.argv, "resource", case.label, (10**9, number))
            found.example = _payload(case, d.argv)
            task_result.found.append(found)
        for found in task_result.found:
            summary.add(found)
        for m in result.measurements:
            first_line = next((line for line in m["stderr"].splitlines() if line.strip()), "")
            m["outcome"] = "timeout, killed" if m["timed_out"] else first_line[:120]
            rows.append({k: v for k, v in m.items() if k not in ("stdout", "stderr")})
    print(file=sys.stderr)
    return rows


def write_json(summary: Summary, out: Path) -> None:
    data = {
        "seed": summary.seed,
        "jobs": summary.jobs,
        "seconds": summary.seconds,
        "inputs": dict(summary.inputs),
        "commands": dict(summary.commands),
        "with_defects": dict(summary.with_defects),
        "per_oracle": {str(k): v for k, v in sorted(summary.per_oracle.items())},
        "places": [
            {
                "oracle": e["oracle"],
                "place": e["place"],
                "kind": e["kind"],
                "count": e["count"],
                "classes": dict(e["classes"]),
                "example": e["first"].detail if e["first"] else None,
                "label": e["first"].label if e["first"] else None,
                "saved": e.get("saved"),
            }
            for entries in summary.by_oracle().values()
            for e in entries
        ],
        "resources": summary.resources,
        "measurements": [{k: v for k, v in m.items() if k not in ("stdout", "stderr")} for m in summary.measurements],
        "harness_errors": summary.harness_errors,
    }
    (out / "summary.json").write_text(json.dumps(data, ensure_ascii=True, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs to generate (resource inputs come on top)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (keep to 2 on a shared machine)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where examples and summary.json go")
    parser.add_argument("--chunk", type=int, default=25, help="inputs per task handed to a worker")
    parser.add_argument("--export-rate", type=float, default=1 / 50, help="share of loadable models also exported")
    parser.add_argument(
        "--memory-rate", type=float, default=1 / 100, help="share of inputs re-run in a subprocess to measure memory"
    )
    parser.add_argument("--no-resources", action="store_true", help="skip the resource-exhaustion inputs")
    parser.add_argument("--no-minimise", action="store_true")
    parser.add_argument("--only", action="append", choices=sorted(WEIGHTS), help="only this class (repeatable)")
    args = parser.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    summary = run_long(
        args.count,
        args.seed,
        max(1, args.jobs),
        args.out,
        chunk=args.chunk,
        export_rate=args.export_rate,
        memory_rate=args.memory_rate,
        resources=not args.no_resources,
        minimise=not args.no_minimise,
        only=args.only,
    )
    text = format_summary(summary)
    (args.out / "summary.txt").write_text(text + "\n", encoding="utf-8")
    write_json(summary, args.out)
    print(text)
    print(f"\nexamples, summary.txt and summary.json: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
