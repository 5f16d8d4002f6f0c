"""Exceptions: classes, inheritance, attributes, paths; infeasible is not an exception."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

import capmix


def test_hierarchy() -> None:
    assert issubclass(capmix.CapmixError, Exception)
    assert issubclass(capmix.ScenarioError, capmix.CapmixError)
    assert issubclass(capmix.ScenarioError, ValueError)
    assert issubclass(capmix.OptionError, capmix.CapmixError)
    assert issubclass(capmix.OptionError, ValueError)
    assert issubclass(capmix.SolverError, capmix.CapmixError)
    assert not issubclass(capmix.SolverError, ValueError)
    for cls in (capmix.CapmixError, capmix.ScenarioError, capmix.OptionError, capmix.SolverError):
        assert cls.__module__ == "capmix"
        assert cls.__doc__
        assert getattr(capmix, cls.__name__) is cls


def test_type_error_names_the_field(tiny: dict[str, Any]) -> None:
    tiny["offerings"][1]["price_per_hour"] = "x"
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_dict(tiny)
    assert e.value.path == "offerings[1].price_per_hour"
    assert "expected f64" in e.value.reason
    assert e.value.kind == "parse"
    assert str(e.value) == f"{e.value.path}: {e.value.reason}"


def test_unknown_key_is_an_error(tiny: dict[str, Any]) -> None:
    tiny["policy"] = {"max_shares": 0.5}
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_dict(tiny)
    assert e.value.path == "policy.max_shares"
    assert "unknown field" in e.value.reason


def test_rule_violation_is_found_when_validating_or_planning(tiny: dict[str, Any]) -> None:
    tiny["offerings"][0]["provider"] = "nobody"
    scenario = capmix.Scenario.from_dict(tiny)  # the shape is fine
    for call in (scenario.validate, lambda: capmix.plan(scenario), lambda: capmix.explain(scenario)):
        with pytest.raises(capmix.ScenarioError) as e:
            call()
        assert e.value.path == "offerings[0].provider"
        assert e.value.kind == "invalid"
        assert "nobody" in e.value.reason


def test_negative_price_path(tiny: dict[str, Any]) -> None:
    tiny["offerings"][1]["price_per_hour"] = -1
    with pytest.raises(ValueError) as e:  # also a ValueError
        capmix.plan(tiny)
    assert isinstance(e.value, capmix.ScenarioError)
    assert e.value.path == "offerings[1].price_per_hour"


def test_non_finite_numbers_are_scenario_errors(tiny: dict[str, Any]) -> None:
    tiny["workloads"][0]["demand"] = [10, float("inf")]
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_dict(tiny)
    assert e.value.path == "workloads[0].demand[1]"


def test_toml_syntax_error_has_line_and_column() -> None:
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_toml("[horizon]\nperiods = \n")
    assert e.value.kind == "parse"
    assert "line 2" in e.value.reason


def test_json_error() -> None:
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_json('{"horizon": {"periods": "six"}}')
    assert e.value.path == "horizon.periods"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_file(tmp_path / "missing.toml")
    assert e.value.kind == "io"
    assert "missing.toml" in str(e.value)


def test_limits_are_scenario_errors(tiny: dict[str, Any]) -> None:
    tiny["horizon"] = {"periods": 100_000}
    tiny["workloads"][0]["demand"] = {"start": 1, "growth": 0}
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.plan(tiny)
    assert e.value.kind == "limit"
    assert e.value.path


def test_options_errors(tiny: dict[str, Any]) -> None:
    with pytest.raises(capmix.OptionError) as e:
        capmix.plan(tiny, solver="cplex")
    assert e.value.path == "solver" and e.value.kind == "invalid_option"
    with pytest.raises(capmix.OptionError) as e:
        capmix.plan(tiny, time_limit=-1)
    assert e.value.path == "time_limit"
    with pytest.raises(capmix.OptionError):
        capmix.plan(tiny, mip_gap=2.0)
    with pytest.raises(capmix.OptionError) as e:
        capmix.sweep(tiny, "policy.colour", [0.1], progress=False)
    assert e.value.path == "policy.colour"
    with pytest.raises(TypeError):
        capmix.plan(42)  # type: ignore[arg-type]


@pytest.mark.skipif("highs" in capmix.SOLVERS, reason="this wheel has HiGHS")
def test_missing_solver_is_a_solver_error(tiny: dict[str, Any]) -> None:
    with pytest.raises(capmix.SolverError) as e:
        capmix.plan(tiny, solver="highs")
    assert e.value.kind == "solver_unavailable"
    assert "--features highs" in str(e.value)


def test_infeasible_is_a_status_not_an_exception() -> None:
    plan = capmix.plan(capmix.Scenario.from_file(FIXTURES / "08-infeasible.json"))
    assert plan.status == "infeasible"


def test_exceptions_pickle_with_their_attributes(tiny: dict[str, Any]) -> None:
    tiny["offerings"][1]["price_per_hour"] = "x"
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.Scenario.from_dict(tiny)
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is capmix.ScenarioError
    assert (again.path, again.reason, again.kind) == (e.value.path, e.value.reason, e.value.kind)
    assert str(again) == str(e.value)
