"""Malformed input never crashes: reading it raises ScenarioError (or gives a Scenario), and
planning what was read gives a Plan or a CapmixError, never another exception."""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import FIXTURES, FLAGSHIP, fixture_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import capmix

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
json_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
odd = st.sampled_from([b"bytes", {1, 2}, 1 + 2j, object(), (1, "a"), frozenset(), bytearray(b"x")])
anything = st.recursive(
    scalars | odd,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3)
    | st.tuples(inner, inner),
    max_leaves=12,
)

FIELD_NAMES = [
    "name", "horizon", "periods", "hours_per_period", "hours", "start", "segments", "share", "level",
    "providers", "id", "max_share", "offerings", "provider", "region", "accelerator", "chips",
    "purchase", "price_per_hour", "max_units", "availability", "term_periods", "lead_periods",
    "workloads", "kind", "demand", "throughput", "total", "window", "routing", "policy",
    "outage_coverage", "budget", "integer_units", "existing", "units", "remaining_periods",
]  # fmt: skip


def read_dict(data: Any) -> capmix.Scenario | None:
    try:
        return capmix.Scenario.from_dict(data)
    except capmix.ScenarioError as e:
        assert isinstance(e.reason, str) and isinstance(e.kind, str)
        assert e.path is None or isinstance(e.path, str)
        return None


def plan_safely(scenario: capmix.Scenario) -> None:
    try:
        plan = capmix.plan(scenario, time_limit=5)
    except capmix.CapmixError as e:
        assert isinstance(e, (capmix.ScenarioError, capmix.OptionError, capmix.SolverError))
        return
    assert isinstance(plan.status, str)
    plan.to_dict()


@SETTINGS
@given(json_like)
def test_any_json_value_as_a_scenario(data: Any) -> None:
    s = read_dict(data)
    if s is not None:
        plan_safely(s)


@SETTINGS
@given(anything)
def test_any_python_object_as_a_scenario(data: Any) -> None:
    read_dict(data)
    read_dict({"horizon": {"periods": 1}, "workloads": [{"id": "w", "demand": data}]})


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


BASES = [json.loads(capmix.Scenario.from_file(FIXTURES / f).to_json()) for f in fixture_files()]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_like | st.sampled_from([-1, 0, 0.5, 1e308, 10**6, "", [], {}]))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELD_NAMES))] = draw(json_like)
    return data


@SETTINGS
@given(mutated())
def test_mutated_fixtures(data: Any) -> None:
    s = read_dict(data)
    if s is not None:
        plan_safely(s)


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_as_toml_or_json(text: str) -> None:
    for read in (capmix.Scenario.from_toml, capmix.Scenario.from_json):
        try:
            read(text)
        except capmix.ScenarioError:
            pass


FLAGSHIP_TEXT = FLAGSHIP.read_text()


@SETTINGS
@given(st.data())
def test_damaged_toml(data: st.DataObject) -> None:
    text = FLAGSHIP_TEXT
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        text = text[:i] + data.draw(st.text(max_size=6)) + text[j:]
    try:
        s = capmix.Scenario.from_toml(text)
    except capmix.ScenarioError:
        return
    try:
        s.validate()
    except capmix.ScenarioError:
        pass
    for deep_toml in ("name = " + "[" * 50_000 + "]" * 50_000, "name = " + "{a=" * 50_000 + "1" + "}" * 50_000):
        try:
            capmix.Scenario.from_toml(deep_toml + "\n")
            raise AssertionError("should fail")
        except capmix.ScenarioError:
            pass


def test_pathological_nesting_is_an_error_not_a_crash() -> None:
    deep: Any = 1.0
    for _ in range(100_000):
        deep = [deep]
    assert read_dict({"horizon": {"periods": 1}, "workloads": [{"id": "w", "demand": deep}]}) is None
    deep_json = '{"horizon": {"periods": 1}, "name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    try:
        capmix.Scenario.from_json(deep_json)
        raise AssertionError("should fail")
    except capmix.ScenarioError:
        pass
    for deep_toml in ("name = " + "[" * 50_000 + "]" * 50_000, "name = " + "{a=" * 50_000 + "1" + "}" * 50_000):
        try:
            capmix.Scenario.from_toml(deep_toml + "\n")
            raise AssertionError("should fail")
        except capmix.ScenarioError:
            pass
