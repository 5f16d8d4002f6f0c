"""Shared paths and fixtures of the Python test suite."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

# Property tests are deterministic and write nothing into the tree: the same examples on every
# run (a failure reproduces as is), no example database, and hypothesis's own caches (source
# constants, unicode tables; written even without a database) go to a temporary directory,
# not ./.hypothesis. Loaded before the test modules, so every `settings(...)` they make
# inherits the profile.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", tempfile.mkdtemp(prefix="capmix-hypothesis-"))
settings.register_profile("capmix", derandomize=True, database=None)
settings.load_profile("capmix")

import capmix  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SCENARIOS = REPO / "examples" / "scenarios"
FLAGSHIP = SCENARIOS / "chatgpt-2025.toml"


def fixture_files() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if p.name not in ("expected.json", "README.md"))


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "expected.json").read_text())
    return data


@pytest.fixture(scope="session")
def flagship_whole() -> capmix.Scenario:
    """The flagship as written: whole instances (the contract's default)."""
    return capmix.Scenario.from_file(FLAGSHIP)


@pytest.fixture(scope="session")
def flagship(flagship_whole: capmix.Scenario) -> capmix.Scenario:
    """The flagship as its fluid relaxation (`policy.integer_units = false`).

    The mechanics tests (threads, executors, sweeps, dask) solve it dozens of times; its LP
    takes about 0.1 s where the whole-instance program takes seconds. Whole-instance plans
    are tested on their own (test_whole_units.py).
    """
    d = flagship_whole.to_dict()
    d.setdefault("policy", {})["integer_units"] = False
    return capmix.Scenario.from_dict(d)


@pytest.fixture(scope="session")
def flagship_plan(flagship: capmix.Scenario) -> capmix.Plan:
    return capmix.plan(flagship)


@pytest.fixture()
def tiny() -> dict[str, Any]:
    """The doc example of the core crate: 2 periods x 100 h, demand 10, H100 at $80/h for 8 chips."""
    return {
        "name": "tiny",
        "horizon": {"periods": 2, "hours_per_period": 100},
        "providers": [{"id": "oci"}, {"id": "aws"}],
        "offerings": [
            {
                "id": "oci-h100",
                "provider": "oci",
                "region": "us-ashburn-1",
                "accelerator": "H100",
                "chips": 8,
                "purchase": "on_demand",
                "price_per_hour": 80.0,
            },
            {
                "id": "aws-h100",
                "provider": "aws",
                "region": "us-east-1",
                "accelerator": "H100",
                "chips": 8,
                "purchase": "on_demand",
                "price_per_hour": 96.0,
            },
        ],
        "workloads": [{"id": "chat", "kind": "serving", "demand": [10, 10], "throughput": {"H100": 1.0}}],
    }


def close(got: float | None, want: float) -> bool:
    return got is not None and abs(got - want) <= 1e-6 * max(abs(want), 1.0)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def assert_same_rows(got: Sequence[Mapping[str, Any]], want: Sequence[Mapping[str, Any]], keys: tuple[str, ...]) -> None:
    """Sweep rows agree: statuses and flags exactly, figures to 1e-9. The core's own sweep
    starts each row from a neighbour's simplex basis while a distributed one plans each value
    from scratch; the same optimum reached by other pivots can differ in its last digits."""
    assert len(got) == len(want)
    for g, w in zip(got, want):
        for k in keys:
            assert _same(g[k], w[k]), (k, g[k], w[k])
