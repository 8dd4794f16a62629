"""Write the synthetic benchmark models (see :mod:`benchmarks.synthetic`) as YAML files.

Usage: ``python -m benchmarks.generate --nodes 10000 -o benchmarks/results/models/synthetic-10000.yaml``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks.synthetic import SEED, build_model, to_yaml

RESULTS = Path(__file__).resolve().parent / "results"
MODELS = RESULTS / "models"


def model_path(nodes: int) -> Path:
    return MODELS / f"synthetic-{nodes}.yaml"


def write_model(nodes: int, path: Path | None = None, seed: int = SEED) -> tuple[Path, dict[str, Any]]:
    """Generate and write the model for ``nodes``; returns the path and the plain data."""
    path = path or model_path(nodes)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = build_model(nodes, seed)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(to_yaml(model), encoding="utf-8")
    partial.replace(path)  # atomically: another run may be reading the same model this moment
    return path, model


def summary(model: dict[str, Any]) -> str:
    return ", ".join(f"{len(model[k]):,} {k}" for k in ("nodes", "flows", "zones", "data", "contracts"))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000, help="number of nodes (default 1000)")
    parser.add_argument("-o", "--output", type=Path, help="output file (default benchmarks/results/models/…)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(list(argv) if argv is not None else None)
    start = time.perf_counter()
    path, model = write_model(args.nodes, args.output, args.seed)
    elapsed = time.perf_counter() - start
    print(f"{path}: {summary(model)}; {path.stat().st_size / 1e6:.1f} MB in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
