"""pyproject.toml's dependency floors are honest (issue 10 item 10).

They said ``transformers>=4.40`` while the trainer needs 5.x; a user installing the
declared minimum got a package that failed at training time. The floors now are the
versions the suite runs with: this test fails when a floor is below a version the code
needs, or above what is installed (then the tests would not be running the minimum).
"""
from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the floors are the same on 3.10

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# What the code itself needs, whatever happens to be installed.
NEEDED = {"transformers": (5, 0), "torch": (2, 1), "datasets": (3, 0), "typer": (0, 12)}


def _floors() -> dict[str, tuple[int, ...]]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"]) + list(data["project"]["optional-dependencies"]["dev"])
    out = {}
    for req in reqs:
        m = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)", req)
        assert m, f"{req!r} in pyproject.toml has no >= floor"
        out[m.group(1).lower()] = tuple(int(x) for x in m.group(2).split("."))
    return out


def _installed(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version(name).split("+")[0])[:3])


def test_floors_cover_what_the_code_needs():
    floors = _floors()
    for name, needed in NEEDED.items():
        assert floors[name][: len(needed)] >= needed, f"{name} floor {floors[name]} is below {needed}"


@pytest.mark.parametrize("name", sorted(_floors()))
def test_floors_are_not_above_the_tested_versions(name):
    try:
        got = _installed(name)
    except PackageNotFoundError:
        pytest.skip(f"{name} is not installed here")
    floor = _floors()[name]
    assert got[: len(floor)] >= floor, f"{name} {got} installed, but pyproject.toml asks for >= {floor}"
