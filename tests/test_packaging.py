"""The distribution installs one import package, pia_toolkit, and works from a wheel with no checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("flows", "catalog", "pia", "exports", "tui")


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_in_pyproject() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]  # type: ignore[index]
    listed = set(setuptools["packages"])  # type: ignore[index]
    found = {
        "pia_toolkit." + ".".join(init.parent.relative_to(ROOT).parts)
        for room in ROOMS
        for init in (ROOT / room).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found == listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("pia_toolkit-*.whl"))


def test_wheel_has_exactly_one_top_level_import_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert len(dist_info) == 1
    assert tops - dist_info == {"pia_toolkit"}
    # The catalog's data, the editor schema and the app's stylesheet travel with the code.
    for data in (
        "pia_toolkit/catalog/vocab/channels.yaml",
        "pia_toolkit/catalog/rules/network.yaml",
        "pia_toolkit/catalog/form/full_item.yaml",
        "pia_toolkit/flows/flow.schema.json",
        "pia_toolkit/flows/fragment.schema.json",
        "pia_toolkit/tui/review.tcss",
    ):
        assert data in names


def test_pia_runs_from_the_wheel_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / "pia-project.yaml").write_text("{}\n", encoding="utf-8")
    for folder in ("examples", "shared"):  # the examples include the ward's shared fragments
        shutil.copytree(ROOT / "flows" / folder, work / folder)
    # -S: no .pth files, so the editable install of the checkout is not on the path; the dependencies are
    # read from this venv's site-packages as plain folders.
    site_packages = sysconfig.get_paths()["purelib"]
    code = (
        "import sys; sys.path[:0] = [sys.argv.pop(1), sys.argv.pop(1)];"
        "import pia_toolkit.pia.cli as cli, pia_toolkit.flows as flows;"
        "assert str(flows.__file__).startswith(sys.path[0]), flows.__file__;"
        "sys.argv[0] = 'pia'; cli.main()"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            code,
            str(target),
            site_packages,
            "check",
            "examples/meguro-medical-aid-eligibility.yaml",
            "--fail-on",
            "none",
        ],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "確認事項" in result.stdout
