"""capmix.estimate: serving capacity per accelerator from the model, request shape and SLO."""

from __future__ import annotations

from typing import Any

import pytest

import capmix


def rows_for(model: str, *, accelerator: str | None = None, precision: str = "bf16", **kw: float) -> list[dict[str, Any]]:
    q = {"input_tokens": 1000.0, "output_tokens": 300.0, "ttft_ms": 2000.0, "tpot_ms": 100.0, **kw}
    return capmix.estimate(
        model,
        input_tokens=q["input_tokens"],
        output_tokens=q["output_tokens"],
        ttft_ms=q["ttft_ms"],
        tpot_ms=q["tpot_ms"],
        accelerator=accelerator,
        precision=precision,
    )


def test_every_accelerator_and_a_data_frame() -> None:
    rows = rows_for("llama-3.1-70b")
    by = {r["accelerator"]: r for r in rows}
    assert by["H100"]["fits"] and by["H100"]["slo_met"] and by["H100"]["tpot_ms"] <= 100
    # 70e9 parameters x 2 bytes = 140 GB > 8 x 16 GB of TPU v5e.
    assert not by["TPU-v5e"]["fits"] and "does not fit" in by["TPU-v5e"]["reason"]
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(rows).set_index("accelerator")
    assert frame.loc["B200", "requests_per_second_per_chip"] > frame.loc["H100", "requests_per_second_per_chip"]


def test_tighter_targets_and_longer_prompts_lower_throughput() -> None:
    def rps(**kw: float) -> float:
        (row,) = rows_for("llama-3.1-70b", accelerator="H100", precision="fp8", **kw)
        return float(row["requests_per_second_per_chip"])

    assert rps(tpot_ms=30) < rps(tpot_ms=100)
    assert rps(input_tokens=8000) < rps(input_tokens=1000)


def test_bad_fields_are_named() -> None:
    with pytest.raises(capmix.OptionError, match="model"):
        capmix.estimate("no-such-model", input_tokens=1, output_tokens=1)
    with pytest.raises(capmix.OptionError, match="slo.tpot_ms"):
        capmix.estimate("llama-3.1-8b", input_tokens=1, output_tokens=1, tpot_ms=-1)
    with pytest.raises(capmix.OptionError, match="precision"):
        capmix.estimate("llama-3.1-8b", input_tokens=1, output_tokens=1, precision="fp3")


def test_a_scenario_workload_can_name_a_model(tiny: dict[str, object]) -> None:
    workload = {
        "id": "chat",
        "kind": "serving",
        "model": "llama-3.1-8b",
        "request": {"input_tokens": 500, "output_tokens": 200},
        "slo": {"tpot_ms": 50},
        "unit": "req/s",
        "demand": [20, 20],
    }
    plan = capmix.plan({**tiny, "workloads": [workload]})
    assert plan.has_solution and plan.verification is not None and plan.verification["passed"]
    sources = plan.to_dict()["throughput_sources"]
    assert {s["accelerator"] for s in sources} == {"H100"} and sources[0]["method"] == "roofline"
