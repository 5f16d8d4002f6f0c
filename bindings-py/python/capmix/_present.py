"""Presentation of plans, sweeps and explanations: DataFrames, charts and HTML.

Nothing here computes a plan or a cost: every number comes from the plan, sweep or
explanation document the core produced; this module only reshapes and draws it. pandas,
polars and matplotlib are optional dependencies, imported when first used.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capmix._capmix import Explanation, Plan, Sweep

# ---------------------------------------------------------------------------------------------
# Optional dependencies
# ---------------------------------------------------------------------------------------------


def _require(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as e:
        package = module.split(".")[0]
        raise ModuleNotFoundError(
            f"{what} needs {package}, which is not installed: pip install 'capmix[{extra}]' "
            f"(or pip install {package})",
            name=package,
        ) from e


def _option_error(name: str, reason: str) -> Exception:
    """An OptionError like the core's: `option `name`: reason`, with kind, path and reason."""
    from capmix._capmix import OptionError

    err = OptionError(f"option `{name}`: {reason}")
    err.kind = "invalid_option"
    err.path = name
    err.reason = reason
    return err


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def usd(x: float | None) -> str:
    """$1.23B, $45.6M, $7.80k, $12.34; an em dash for None."""
    if x is None:
        return "—"
    if abs(x) < 0.005:
        return "$0"
    sign = "-" if x < 0 else ""
    a = abs(x)
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= scale:
            v = a / scale
            digits = f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:,.0f}"
            return f"{sign}${digits}{suffix}"
    return f"{sign}${a:,.2f}"


def _units(x: float) -> str:
    """Whole units without decimals (1,250), fractional ones with two (12.50)."""
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 else f"{x:,.2f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


# ---------------------------------------------------------------------------------------------
# Plan tables
# ---------------------------------------------------------------------------------------------

PLAN_TABLES = (
    "allocations",
    "commitments",
    "fleet",
    "periods",
    "costs",
    "utilisation",
    "shortfall",
    "outage_coverage",
    "provider_shares",
    "spot_shares",
    "scenarios",
    "scenario_periods",
    "purchases",
)

# Per-period series of a scenario: in `scenario_periods` (long format), not in `scenarios`.
_SERIES = ("chips_by_period", "demand_by_period")


def plan_records(plan: Plan, table: str, scenario: Any = None) -> list[dict[str, Any]]:
    """One part of the plan document as a list of flat dicts (`scenario`: `purchases` only).

    Rows with a 1-based `period` and no `label` get the period's label (`2026-01`, or `P3`
    without a start month) right after it, so that no table shows periods as bare numbers.
    """
    return _labelled(plan, _records(plan, table, scenario))


def _labelled(plan: Plan, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = plan.period_labels
    out = []
    for r in records:
        p = r.get("period")
        if "label" in r or not isinstance(p, int) or not 1 <= p <= len(labels):
            out.append(r)
            continue
        row: dict[str, Any] = {}
        for k, v in r.items():
            row[k] = v
            if k == "period":
                row["label"] = labels[p - 1]
        out.append(row)
    return out


# Columns that are sums of money (USD over the horizon, a period or a scenario): rounded to
# the cent in DataFrames, so that pandas and polars print them as $ amounts (94239620.12,
# not 9.423962e+07). pandas still uses scientific notation for values of 1e8 and more with
# cents (its fixed format would exceed display.precision + 6 characters). Hourly rates (`cost_per_hour`) are left exact: badly scaled prices
# (1e-6 USD/h) are valid. `to_dict()` and the list properties keep every figure exact.
_MONEY = frozenset(
    {
        "cost",
        "usd",
        "cost_in_horizon",
        "cost_beyond_horizon",
        "total_cost",
        "objective",
        "best_objective",
        "regret",
        "idle_commitment_usd",
        "flexible_usd",
        "commitment_usd_alone",
    }
)


def _money_columns(columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c in _MONEY or c.startswith("cost.")]


def _records(plan: Plan, table: str, scenario: Any = None) -> list[dict[str, Any]]:
    if table == "purchases":
        if scenario is None:
            raise _option_error(
                "scenario",
                "the `purchases` table needs the scenario the plan was made from: "
                "plan.to_pandas('purchases', scenario=s)",
            )
        return plan.purchases(scenario)
    if table in ("allocations", "commitments", "fleet"):
        records: list[dict[str, Any]] = getattr(plan, table)
        return records
    if table == "periods":
        costs = plan.costs
        split = plan.cost_by_period("provider")
        rows = []
        for i, p in enumerate(plan.periods):
            row = dict(p)
            row["cost"] = costs["by_period"][i] if i < len(costs["by_period"]) else None
            for provider in sorted(split):
                row[f"cost.{provider}"] = split[provider][i]
            rows.append(row)
        return rows
    if table == "costs":
        costs = plan.costs
        return [
            {"dimension": dim[3:], "key": key, "usd": value}
            for dim in ("by_provider", "by_accelerator", "by_purchase", "by_region", "by_workload")
            for key, value in costs[dim].items()
        ]
    if table in ("scenarios", "scenario_periods"):
        uncertainty = plan.uncertainty
        if uncertainty is None:
            raise _option_error(
                "table",
                f"the `{table}` table needs a plan with demand scenarios "
                "([[demand_scenarios]] or demand_growth); this plan has none",
            )
        if table == "scenarios":
            return [{k: v for k, v in s.items() if k not in _SERIES} for s in uncertainty["scenarios"]]
        # One row per scenario and period: accelerators held, the shared commitments' and each
        # serving workload's demand (work units per hour): a fan chart's data.
        committed = uncertainty["committed_chips_by_period"]
        rows = []
        for s in uncertainty["scenarios"]:
            for i, p in enumerate(plan.periods):
                rec: dict[str, Any] = {
                    "scenario": s["name"],
                    "probability": s["probability"],
                    "period": p["period"],
                    "label": p["label"],
                    "chips": s["chips_by_period"][i] if i < len(s["chips_by_period"]) else None,
                    "committed_chips": committed[i] if i < len(committed) else None,
                }
                for w, series in sorted(s["demand_by_period"].items()):
                    rec[f"demand.{w}"] = series[i] if i < len(series) else None
                rows.append(rec)
        return rows
    achieved: dict[str, Any] = dict(plan.achieved)
    name = {"utilisation": "commitment_utilisation"}.get(table, table)
    if name in achieved:
        achieved_records: list[dict[str, Any]] = achieved[name]
        return achieved_records
    raise _option_error("table", f"unknown table `{table}` (expected one of {', '.join(PLAN_TABLES)})")


# The document type of each list table's rows: an empty table keeps these columns.
_ROW_TYPES = {"allocations": "Allocation", "commitments": "Commitment", "fleet": "FleetEntry", "scenarios": "ScenarioOutcome"}


def _columns(table: str) -> list[str] | None:
    from capmix import documents

    row_type = getattr(documents, _ROW_TYPES.get(table, ""), None)
    if row_type is None:
        return None
    columns = []
    for c in row_type.__annotations__:
        if c not in _SERIES:
            columns.append(c)
        if c == "period" and "label" not in row_type.__annotations__:
            columns.append("label")  # as _labelled adds to every row with a period
    return columns


def plan_to_pandas(plan: Plan, table: str = "allocations", scenario: Any = None) -> Any:
    pd = _require("pandas", "pandas", "Plan.to_pandas()")
    records = plan_records(plan, table, scenario)
    if not records:
        return pd.DataFrame(columns=_columns(table))
    df = pd.DataFrame.from_records(records)
    for c in _money_columns(list(df.columns)):
        if pd.api.types.is_float_dtype(df[c]):
            df[c] = df[c].round(2)
    if table == "periods":
        # Monthly labels (`2025-07`, from horizon.start) become a PeriodIndex named `month`;
        # without a start month the labels are `P1`, `P2`, ... and the index stays a range.
        try:
            df.index = pd.PeriodIndex(df["label"], freq="M", name="month")
        except (ValueError, TypeError):
            pass
    return df


def plan_to_polars(plan: Plan, table: str = "allocations", scenario: Any = None) -> Any:
    pl = _require("polars", "polars", "Plan.to_polars()")
    records = plan_records(plan, table, scenario)
    if not records:
        return pl.DataFrame({c: [] for c in _columns(table) or []})
    df = pl.from_dicts(records, infer_schema_length=None)
    money = [c for c in _money_columns(df.columns) if df.schema[c].is_float()]
    return df.with_columns(pl.col(c).round(2) for c in money) if money else df


def plan_summary(plan: Plan) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scenario": plan.scenario,
        "status": plan.status,
        "total_cost": plan.total_cost,
        "objective": plan.objective,
        "gap": plan.gap,
        "whole_units_premium": plan.whole_units_premium,
        "solve_seconds": plan.solve_seconds,
    }
    for provider, value in plan.cost_by("provider").items():
        out[f"cost.{provider}"] = value
    return out


def plan_plot(plan: Plan, ax: Any = None, *, by: str = "provider") -> Any:
    plt = _require("matplotlib.pyplot", "plot", "Plan.plot()")
    ticker = importlib.import_module("matplotlib.ticker")
    if not plan.has_solution:
        raise ValueError(f"the plan has no solution (status {plan.status}): nothing to plot")
    labels = plan.period_labels
    split = plan.cost_by_period(by)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(labels) + 3), 4.5))
    bottom = [0.0] * len(labels)
    for key in sorted(split, key=lambda k: -sum(split[k])):
        values = split[key]
        ax.bar(labels, values, bottom=bottom, label=key)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("USD")
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda y, _pos: usd(y)))
    ax.set_title(f"{plan.scenario or 'plan'}: {usd(plan.total_cost)}, cost by {by} per period")
    if len(split) > 1:
        ax.legend(title=by, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.margins(x=0.01)
    if len(labels) > 12:
        ax.tick_params(axis="x", labelrotation=90)
    return ax


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_STYLE = (
    "<style>.capmix table{border-collapse:collapse;margin:0.3em 1.2em 0.3em 0;font-size:0.9em}"
    ".capmix th,.capmix td{padding:0.15em 0.6em;text-align:right}"
    ".capmix th:first-child,.capmix td:first-child{text-align:left}"
    ".capmix .tables{display:flex;flex-wrap:wrap;align-items:flex-start}</style>"
)


def _e(x: Any) -> str:
    return html.escape(str(x))


def _numeric(cell: Any) -> bool:
    text = str(cell)
    return isinstance(cell, (int, float)) or text.startswith(("$", "-$")) or text.endswith("%") or text == "—"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    """Numbers right-aligned, text left-aligned."""
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td style="text-align:{"right" if _numeric(c) else "left"}">{_e(c)}</td>' for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _split_table(title: str, split: Mapping[str, float], total: float | None) -> str:
    rows = [
        (key, usd(value), _pct(value / total) if total else "—")
        for key, value in sorted(split.items(), key=lambda kv: -kv[1])
    ]
    return _table((title, "USD", "share"), rows)


def plan_repr_html(plan: Plan) -> str:
    total = plan.total_cost
    head = (
        f"<b>{_e(plan.scenario or 'plan')}</b>: <code>{_e(plan.status)}</code>"
        + (f", total cost <b>{usd(total)}</b>" if total is not None else "")
        + (
            f" (objective {usd(plan.objective)})"
            if plan.objective is not None and total is not None and abs(plan.objective - total) > 1e-6 * max(1.0, total)
            else ""
        )
        + f" &middot; {_e(plan.method)} / {_e(plan.solver)}"
        + (f" &middot; {_e(plan.optimality)}" if plan.optimality else "")
        + (f"<br>{_e(plan.whole_units)}" if plan.whole_units else "")
    )
    if total is None:
        notes = "".join(f"<li>{_e(n)}</li>" for n in plan.notes[:5])
        sentences: list[str] = plan.diagnosis["summary"] if plan.diagnosis else []
        summary = "".join(f"<li>{_e(s)}</li>" for s in sentences[:5])
        return f'{_STYLE}<div class="capmix"><p>{head}</p><ul>{summary}{notes}</ul></div>'
    labels = plan.period_labels
    by_period = plan.costs["by_period"]
    periods = _table(("period", *labels), [("USD", *(usd(v) for v in by_period))])
    tables = (
        _split_table("provider", plan.cost_by("provider"), total)
        + _split_table("purchase", plan.cost_by("purchase"), total)
        + _split_table("accelerator", plan.cost_by("accelerator"), total)
    )
    return (
        f'{_STYLE}<div class="capmix"><p>{head}</p>{periods}<div class="tables">{tables}</div>'
        f"{_commitments_html(plan, labels)}</div>"
    )


# Commitments shown in the HTML view: the most actionable part of a plan, largest first.
_SHOWN_COMMITMENTS = 8


def _commitments_html(plan: Plan, labels: Sequence[str]) -> str:
    commitments = sorted(plan.commitments, key=lambda c: -c["cost_in_horizon"])
    if not commitments:
        return f"<p>No commitments to sign; {len(plan.allocations)} allocations.</p>"
    rows = [
        (
            labels[c["period"] - 1] if 0 < c["period"] <= len(labels) else str(c["period"]),
            c["offering"],
            c["provider"],
            _units(c["units"]),
            f"{c['term_periods']}",
            usd(c["cost_in_horizon"]),
        )
        for c in commitments[:_SHOWN_COMMITMENTS]
    ]
    more = len(commitments) - _SHOWN_COMMITMENTS
    caption = f"Commitments to sign ({len(commitments)})" + (
        f"; the {_SHOWN_COMMITMENTS} largest shown, all in plan.commitments" if more > 0 else ""
    )
    return _table(("sign in", "offering", "provider", "units", "periods", "USD in horizon"), rows, caption)


def explanation_repr_html(e: Explanation) -> str:
    headline = "".join(f"<li>{_e(s)}</li>" for s in e.headline)
    parts = [f'{_STYLE}<div class="capmix"><ul>{headline}</ul>']
    policies = e.policies
    if policies:
        rows: list[tuple[str, str, str, str]] = [
            (
                p["family"],
                p["setting"],
                "infeasible without it" if p["makes_infeasible"] else usd(p["extra_cost_usd"]),
                _pct(pct / 100) if (pct := p.get("extra_cost_pct")) is not None else "—",
            )
            for p in policies
        ]
        parts.append(_table(("policy", "setting", "adds", "adds %"), rows, "What each policy adds"))
    baselines = e.baselines
    if baselines and baselines.get("providers"):
        rows = [
            (b["provider"], b["status"], usd(b["total_cost"]), usd(b.get("vs_plan_usd")))
            for b in baselines["providers"]
        ]
        parts.append(_table(("single provider", "status", "total cost", "vs plan"), rows, "Single-cloud baselines"))
    parts.append("</div>")
    return "".join(parts)


def sweep_records(sweep: Sweep) -> list[dict[str, Any]]:
    providers = sweep.providers
    out = []
    for r in sweep.rows:
        rec = {k: r[k] for k in ("value", "status", "total_cost", "objective", "outage_coverage", "pareto", "inferred")}
        rec["commitment_units"] = r.get("commitment_units")
        rec["worst_case_cost"] = r.get("worst_case_cost")
        solved = r["total_cost"] is not None
        for p in providers:
            rec[f"cost.{p}"] = r["cost_by_provider"].get(p, 0.0) if solved else None
        out.append(rec)
    return out


def sweep_to_pandas(sweep: Sweep) -> Any:
    pd = _require("pandas", "pandas", "Sweep.to_pandas()")
    return pd.DataFrame.from_records(sweep_records(sweep))


def sweep_to_polars(sweep: Sweep) -> Any:
    pl = _require("polars", "polars", "Sweep.to_polars()")
    records = sweep_records(sweep)
    return pl.from_dicts(records, infer_schema_length=None) if records else pl.DataFrame()


def sweep_repr_html(sweep: Sweep, max_rows: int = 60) -> str:
    records = sweep_records(sweep)
    providers = sweep.providers
    header = (sweep.param, "status", "total cost", "outage coverage", "Pareto", *providers)
    rows = [
        (
            f"{r['value']:g}",
            r["status"] + (" (inferred)" if r["inferred"] else ""),
            usd(r["total_cost"]),
            _pct(r["outage_coverage"]),
            "●" if r["pareto"] else "",
            *(usd(r[f"cost.{p}"]) for p in providers),
        )
        for r in records[:max_rows]
    ]
    more = f"<p>… {len(records) - max_rows} more rows</p>" if len(records) > max_rows else ""
    return f'{_STYLE}<div class="capmix">{_table(header, rows)}{more}</div>'


def sweep_plot(sweep: Sweep, ax: Any = None, *, x: str = "outage_coverage") -> Any:
    plt = _require("matplotlib.pyplot", "plot", "Sweep.plot()")
    ticker = importlib.import_module("matplotlib.ticker")
    if x not in ("outage_coverage", "value"):
        raise _option_error("x", f"expected `outage_coverage` or `value` (got `{x}`)")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    solved = [r for r in sweep.rows if r["objective"] is not None]
    infeasible = len(sweep.rows) - len(solved)

    def xs(r: Mapping[str, Any]) -> float:
        if x == "value":
            return float(r["value"])
        cov = r["outage_coverage"]
        return float(cov) if cov is not None else 0.0

    if x == "value":
        pts = sorted(solved, key=xs)
        ax.plot([xs(r) for r in pts], [r["objective"] for r in pts], marker="o", label="plan")
        ax.set_xlabel(sweep.param)
    else:
        ax.scatter([xs(r) for r in solved], [r["objective"] for r in solved], color="0.6", label="plans", zorder=2)
        front = sorted((r for r in solved if r["pareto"]), key=xs)
        ax.plot(
            [xs(r) for r in front],
            [r["objective"] for r in front],
            marker="o",
            color="C3",
            label="Pareto front",
            zorder=3,
        )
        # One label per distinct point: values that give the same plan share it ("0–0.5").
        labels: dict[tuple[float, float], list[float]] = {}
        for r in front:
            point = (round(xs(r), 6), float(f"{r['objective']:.6g}"))
            labels.setdefault(point, []).append(float(r["value"]))
        for (px, py), vals in labels.items():
            text = f"{min(vals):g}" if len(vals) == 1 else f"{min(vals):g}–{max(vals):g}"
            ax.annotate(text, (px, py), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xlabel("achieved outage coverage (share of demand served without the worst provider)")
        ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0))
    ax.set_ylabel("cost (USD)" if all(r["objective"] == r["total_cost"] for r in solved) else "objective (USD, cost + shortfall penalties)")
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda y, _pos: usd(y)))
    title = f"Sweep of {sweep.param}"
    if infeasible:
        title += f" ({infeasible} of {len(sweep.rows)} values infeasible)"
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False)
    return ax
