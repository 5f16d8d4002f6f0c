"""Catalog includes from text or a dict (contract §1): refused without `base_dir`, read inside
the sandbox rooted at `base_dir` (widened by `allow_dirs`) with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import capmix

HEADER = "provider,region,accelerator,chips,purchase,price_per_hour,max_units,availability,term_periods,lead_periods,source,as_of\n"
SECRET = "SECRET-CATALOG-CONTENT"


def scenario(include: str) -> dict[str, Any]:
    return {
        "name": "includes",
        "catalogs": [include],
        "horizon": {"periods": 1, "hours_per_period": 10},
        "workloads": [{"id": "chat", "demand": [8], "throughput": {"H100": 1.0}}],
    }


def catalog(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + f"aws,us-east-1,H100,8,on_demand,55,,,,,{SECRET},2025\n")


def test_includes_without_base_dir_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A catalog in the working directory: the old behaviour read it from ".".
    monkeypatch.chdir(tmp_path)
    catalog(tmp_path / "prices.csv")
    data = scenario("prices.csv")
    text = capmix.Scenario.from_dict(data, base_dir=tmp_path).to_json()  # resolvable with a base
    attempts: list[Callable[[], object]] = [
        lambda: capmix.Scenario.from_dict(data),
        lambda: capmix.Scenario.from_json('{"catalogs": ["prices.csv"], "horizon": {"periods": 1}}'),
        lambda: capmix.Scenario.from_toml('catalogs = ["prices.csv"]\n[horizon]\nperiods = 1\n'),
        lambda: capmix.plan(data),
    ]
    for attempt in attempts:
        with pytest.raises(capmix.ScenarioError) as info:
            attempt()
        assert info.value.path == "catalogs[0].path"
        assert "base_dir" in info.value.reason
        assert SECRET not in str(info.value)
    assert "catalogs" not in capmix.Scenario.from_json(text).to_dict()


def test_base_dir_is_the_sandbox_root(tmp_path: Path) -> None:
    base = tmp_path / "scenario"
    base.mkdir()
    catalog(base / "prices.csv")
    catalog(tmp_path / "outside" / "prices.csv")
    inside = capmix.Scenario.from_dict(scenario("prices.csv"), base_dir=base)
    assert len(inside.to_dict()["offerings"]) == 1
    assert capmix.plan(inside).status == "optimal"

    with pytest.raises(capmix.ScenarioError) as info:
        capmix.Scenario.from_dict(scenario("../outside/prices.csv"), base_dir=base)
    assert info.value.path == "catalogs[0].path"
    assert "../outside/prices.csv" in info.value.reason
    assert SECRET not in str(info.value)

    widened = capmix.Scenario.from_dict(
        scenario("../outside/prices.csv"), base_dir=base, allow_dirs=[tmp_path / "outside"]
    )
    assert widened.to_dict()["offerings"] == inside.to_dict()["offerings"]
