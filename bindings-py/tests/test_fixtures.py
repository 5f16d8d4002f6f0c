"""The shared fixtures of tests/fixtures give the same outcome as the Rust tests
(core/tests/fixtures.rs): same status, total_cost and objective within 1e-6 relative."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIXTURES, close, fixture_files

import capmix


def test_every_fixture_has_an_expected_entry(expected: dict[str, Any]) -> None:
    files = fixture_files()
    assert len(files) >= 6
    missing = [f for f in files if f not in expected]
    assert not missing, f"fixtures without an entry in expected.json: {missing}"


@pytest.mark.parametrize("name", fixture_files())
def test_fixture_matches_hand_derived_cost(name: str, expected: dict[str, Any]) -> None:
    want = expected[name]
    plan = capmix.plan(capmix.Scenario.from_file(FIXTURES / name))
    assert plan.status == want["status"], plan.notes
    for field in ("total_cost", "objective"):
        got = getattr(plan, field)
        if want[field] is None:
            assert got is None
        else:
            assert close(got, want[field]), f"{name}: {field} {got} != {want[field]}\n{want['derivation']}"
    if plan.has_solution:
        assert plan.verification is not None and plan.verification["passed"]


@pytest.mark.parametrize("name", fixture_files())
def test_fixture_from_dict_equals_from_file(name: str) -> None:
    """The dict route (pythonize) reads exactly what the file route reads."""
    from_file = capmix.Scenario.from_file(FIXTURES / name)
    assert capmix.Scenario.from_dict(from_file.to_dict()) == from_file
    assert capmix.Scenario.from_json(from_file.to_json()) == from_file


@pytest.mark.skipif("highs" not in capmix.SOLVERS, reason="wheel built without the highs feature")
@pytest.mark.parametrize("name", fixture_files())
def test_fixture_with_highs(name: str, expected: dict[str, Any]) -> None:
    want = expected[name]
    plan = capmix.plan(capmix.Scenario.from_file(FIXTURES / name), solver="highs")
    assert plan.status == want["status"]
    if want["total_cost"] is not None:
        assert close(plan.total_cost, want["total_cost"])
