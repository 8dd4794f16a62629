"""Resource-exhaustion inputs, each run in a subprocess with a timeout (and a memory limit where it may explode).

Deep nesting (1,000 and 100,000 levels), huge files (under and over the 32 MB cap), endless streams (/dev/zero,
a FIFO nobody writes, a FIFO written forever), a million unknown references, a 50,000-line triage file, an
alias bomb just under the expansion cap and a chain of 1,000 includes. Long mode runs all of them once.
"""

from __future__ import annotations

import datetime as dt

from tests.fuzz.case import PROJECT, Case, Command, Special
from tests.fuzz.corpus import example_findings, example_layout, example_names
from tests.fuzz.generators import MARKER, MODEL, SMALL, SMALL_SCHEME

MB = 1024 * 1024


def _small(label: str, text: str | bytes, **kw: object) -> Case:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    files = {**MARKER, MODEL: data, **kw.pop("files", {})}  # type: ignore[dict-item]
    return Case(
        klass="resource",
        label=label,
        files=files,
        model=str(kw.pop("model", MODEL)),
        fuzzed=MODEL,
        subprocess=True,
        **kw,
    )  # type: ignore[arg-type]


def _check(model: str, *extra: str) -> list[Command]:
    return [Command(["validate", model]), Command(["check", model, "-f", "json", *extra])]


def resource_cases() -> list[Case]:
    cases = []
    for depth in (1_000, 100_000):
        for shape, raw in (("flow list", "[" * depth + "]" * depth), ("flow map", "{a: " * depth + "1" + "}" * depth)):
            text = SMALL.replace("title: 小さな例", f"title: 小さな例, note: {raw}")
            cases.append(
                _small(f"{shape} nested {depth:,} levels", text, timeout=120, mem_limit_mb=1024, expect_reject=True)
            )
    # Huge files: a valid model padded to just under the 32 MB cap with a comment, a 31 MB string, one over the cap.
    pad = 31 * MB
    cases.append(
        _small("31 MB model (a comment line pads it)", SMALL + "# " + "x" * pad + "\n", timeout=120, mem_limit_mb=2048)
    )
    cases.append(
        _small(
            "31 MB string value",
            SMALL.replace("title: 小さな例", "title: 小さな例, note: '" + "x" * pad + "'"),
            timeout=120,
            mem_limit_mb=2048,
            expect_reject=True,
        )
    )
    cases.append(
        _small(
            "33 MB model (over the cap)",
            SMALL + "# " + "x" * (33 * MB) + "\n",
            timeout=120,
            mem_limit_mb=2048,
            expect_reject=True,
        )
    )
    many_flows = "".join(
        f"  - {{id: bulk{i}, from: web, to: core, data: [name], channel: lgwan}}\n" for i in range(100_000)
    )
    cases.append(
        _small(
            "100,000 flows (6 MB, valid)", SMALL + many_flows, timeout=300, mem_limit_mb=4096, commands=_check(MODEL)
        )
    )
    # Endless streams.
    cases.append(
        Case(
            klass="resource",
            label="the model is /dev/zero",
            files=dict(MARKER),
            model="/dev/zero",
            subprocess=True,
            timeout=30,
            mem_limit_mb=1024,
            expect_reject=True,
        )
    )
    cases.append(
        Case(
            klass="resource",
            label="the model is a FIFO nobody writes",
            files={**MARKER, f"{PROJECT}/fifo.yaml": Special("fifo")},
            model=f"{PROJECT}/fifo.yaml",
            subprocess=True,
            timeout=15,
            expect_reject=True,
        )
    )
    cases.append(
        Case(
            klass="resource",
            label="the model is a FIFO written forever",
            files={**MARKER, f"{PROJECT}/fifo.yaml": Special("fifo")},
            model=f"{PROJECT}/fifo.yaml",
            subprocess=True,
            timeout=30,
            mem_limit_mb=1024,
            setup=f"fifo_writer:{PROJECT}/fifo.yaml",
            expect_reject=True,
        )
    )
    cases.append(
        Case(
            klass="resource",
            label="an include that is a FIFO nobody writes",
            files={
                **MARKER,
                MODEL: (SMALL_SCHEME + "include: [fifo.yaml]\n").encode(),
                f"{PROJECT}/fifo.yaml": Special("fifo"),
            },
            model=MODEL,
            subprocess=True,
            timeout=15,
            expect_reject=True,
        )
    )
    # A million unknown references.
    refs = ", ".join(f"u{i}" for i in range(1_000_000))
    text = SMALL + f"  - {{id: f_many, from: web, to: core, data: [{refs}], channel: lgwan}}\n"
    cases.append(
        _small(
            "a million unknown data references in one flow", text, timeout=120, mem_limit_mb=4096, expect_reject=True
        )
    )
    nodes = "".join(f"  - {{id: g{i}, from: nowhere{i}, to: core, data: [name]}}\n" for i in range(100_000))
    cases.append(
        _small("100,000 flows from unknown nodes", SMALL + nodes, timeout=120, mem_limit_mb=4096, expect_reject=True)
    )
    # Triage files of 50,000 lines: exact ids that match nothing, and wildcards that match nothing.
    name = (
        "setagaya-999-childbirth-support.yaml"
        if "setagaya-999-childbirth-support.yaml" in example_names()
        else example_names()[0]
    )
    ids = example_findings(name) or ("NET-01@x",)
    for variant, pattern in (("exact ids", "{rule}@nothing_{i}"), ("wildcards", "{rule}@*nothing_{i}*")):
        files, model = example_layout(name)
        lines = ["decisions:"]
        for i in range(50_000):
            rule = ids[i % len(ids)].split("@", 1)[0]
            lines.append(
                f"  - {{finding: '{pattern.format(rule=rule, i=i)}', status: accepted, justification: j, "
                f"by: b, date: {dt.date(2023, 1, 1)}}}"
            )
        triage = model.removesuffix(".yaml") + ".triage.yaml"
        files[triage] = ("\n".join(lines) + "\n").encode()
        cases.append(
            Case(
                klass="resource",
                label=f"a 50,000-line triage file ({variant} matching nothing)",
                files=files,
                model=model,
                fuzzed=triage,
                subprocess=True,
                timeout=300,
                mem_limit_mb=4096,
                commands=[Command(["check", model, "-f", "json"])],
            )
        )
    files, model = example_layout(name)
    lines = ["decisions:"] + [
        f"  - {{finding: '{ids[i % len(ids)]}', status: in_discussion, justification: j, by: b, date: 2023-01-01}}"
        for i in range(50_000)
    ]
    triage = model.removesuffix(".yaml") + ".triage.yaml"
    files[triage] = ("\n".join(lines) + "\n").encode()
    cases.append(
        Case(
            klass="resource",
            label="a 50,000-line triage file (every line a real finding)",
            files=files,
            model=model,
            fuzzed=triage,
            subprocess=True,
            timeout=300,
            mem_limit_mb=4096,
            commands=[Command(["check", model, "-f", "text"])],
        )
    )
    # An alias bomb just under the expansion cap, and one far over it.
    under = (
        SMALL_SCHEME
        + "a0: &a0 ["
        + ", ".join(["x"] * 44)
        + "]\n"
        + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 44) + "]\n" for i in range(1, 3))
    )
    cases.append(
        _small(
            "aliases expanding to ~87,000 values (under the cap)",
            under,
            timeout=60,
            mem_limit_mb=2048,
            expect_reject=True,
        )
    )
    over = (
        SMALL_SCHEME
        + "a0: &a0 ["
        + ", ".join(["x"] * 10)
        + "]\n"
        + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    )
    cases.append(_small("billion laughs (10^10 values)", over, timeout=60, mem_limit_mb=2048, expect_reject=True))
    # An assessment with a billion-laughs answer.
    files, model = example_layout(name)
    bomb = (
        "bombs:\n  b0: &b0 ["
        + ", ".join(["x"] * 10)
        + "]\n"
        + "".join(f"  b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    )
    assessment = model.removesuffix(".yaml") + ".assessment.yaml"
    files[assessment] = (
        bomb + "assessment: {model: x.yaml, form: full_item}\nitems:\n  I-1-business-name:\n"
        "    answer: *b8\n    source: entered\n"
    ).encode()
    cases.append(
        Case(
            klass="resource",
            label="an assessment whose answer is a billion-laughs alias (10^9)",
            files=files,
            model=model,
            fuzzed=assessment,
            subprocess=True,
            timeout=60,
            mem_limit_mb=2048,
            commands=[Command(["assess", "status", model, "--assessment", assessment])],
        )
    )
    # A chain of 1,000 includes.
    chain: dict[str, bytes | Special] = {}
    for i in range(1000):
        nxt = f"include: [c{i + 1}.yaml]\n" if i + 1 < 1000 else ""
        chain[f"{PROJECT}/c{i}.yaml"] = (nxt + f"questions:\n  - {{id: q{i}, text: t}}\n").encode()
    cases.append(
        _small(
            "a chain of 1,000 includes",
            SMALL_SCHEME + "include: [c0.yaml]\n",
            files=chain,
            timeout=120,
            mem_limit_mb=2048,
            commands=_check(MODEL),
        )
    )
    return cases
