// The calculator's charts (Observable Plot): cost by provider per period, and cost against the
// outage-coverage target. They draw the engine's figures; they compute no plan.

import * as Plot from "@observablehq/plot";
import { h } from "./dom.js";
import { pct, usd, usdShort, words } from "./format.js";
import { costByProviderPeriod } from "./plan-view.js";

/** Stacked bars of `costs.by_period_and_provider`, with the periods' totals in a table below. */
export function drawProviderChart(fig, plan, colors) {
  if (plan.total_cost == null) {
    fig.replaceChildren(h("p", { class: "empty", text: "No plan to chart." }));
    return;
  }
  const rows = costByProviderPeriod(plan).filter((r) => r.cost > 0);
  const providers = [...colors.keys()].filter((p) => rows.some((r) => r.provider === p));
  const width = Math.max(260, fig.clientWidth || 640);
  const labels = plan.periods.map((p) => p.label);
  const chart = Plot.plot({
    width,
    height: 280,
    marginLeft: 64,
    marginBottom: 30,
    style: { fontSize: "12px", background: "transparent" },
    ariaLabel: `Stacked bar chart of cost by provider for each of ${plan.periods.length} periods`,
    x: { domain: labels, label: null, padding: 0.25, ticks: thinned(labels, width - 64 - 20) },
    y: { label: "USD", grid: true, tickFormat: usdShort, nice: true },
    color: { domain: providers, range: providers.map((p) => colors.get(p)), legend: true },
    marks: [
      Plot.barY(rows, {
        x: "label",
        y: "cost",
        fill: "provider",
        order: providers,
        title: (d) => `${d.provider} · ${d.label}\n${usd(d.cost)}`,
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
  const totals = h(
    "table",
    { class: "period-table" },
    h("caption", { text: "Cost per period (the bars' totals)" }),
    h("thead", {}, h("tr", {}, h("th", { class: "text", text: "Period" }), plan.periods.map((p) => h("th", { text: p.label })))),
    h("tbody", {}, h("tr", {}, h("td", { class: "text", text: "USD" }), plan.costs.by_period.map((v) => h("td", { text: usdShort(v) })))),
  );
  fig.replaceChildren(chart, h("div", { class: "table-wrap", style: "max-height:none;margin-top:8px" }, totals));
}

/**
 * Every k-th label, so that labels of about 7 px per character (12 px type) keep 10 px apart
 * on a band axis `plotWidth` wide; the first label is always shown.
 */
export function thinned(labels, plotWidth) {
  const longest = Math.max(1, ...labels.map((l) => String(l).length));
  const band = plotWidth / Math.max(1, labels.length);
  const step = Math.max(1, Math.ceil((7 * longest + 10) / band));
  return labels.filter((_, i) => i % step === 0);
}

/** The worst achieved outage coverage of a plan (as in a sweep row), or null. */
function worstCoverage(plan) {
  const cov = plan.achieved?.outage_coverage ?? [];
  return cov.length ? Math.min(...cov.map((c) => c.coverage)) : null;
}

/**
 * Where the "this plan" label goes: on the side of the point away from the nearer frame edge
 * (left half: to the right), and below the point when it is in the top fifth of the costs,
 * so that the label stays inside the plot.
 */
function labelPlace(here, rows) {
  const costs = rows.map((r) => r.cost);
  const lo = Math.min(...costs);
  const hi = Math.max(...costs);
  const high = hi > lo && (here.cost - lo) / (hi - lo) > 0.8;
  const right = here.value < 0.5;
  return { dx: right ? 10 : -10, dy: high ? 16 : -12, textAnchor: right ? "start" : "end" };
}

/**
 * Cost against the coverage target: the sweep's plans and the current plan (`plan` at
 * `coverage`), which the sweep does not solve again.
 */
export function drawCurve(fig, sweep, coverage, plan) {
  const here =
    plan && plan.objective != null
      ? { value: coverage, cost: plan.objective, outage_coverage: worstCoverage(plan), status: plan.status }
      : null;
  const rows = sweep.rows.map((r) => ({ value: r.value, cost: r.objective, outage_coverage: r.outage_coverage, status: r.status }));
  if (here) rows.push(here);
  else rows.push({ value: coverage, cost: null, status: plan?.status ?? "infeasible" });
  rows.sort((a, b) => a.value - b.value);
  const ok = rows.filter((r) => r.cost != null);
  // No plan: infeasible is a proof; a search cut by the time limit proves nothing.
  const bad = rows.filter((r) => r.cost == null && r.status === "infeasible");
  const open = rows.filter((r) => r.cost == null && r.status !== "infeasible");
  const cut = ok.filter((r) => r.status === "time_limit");
  const width = Math.max(280, fig.clientWidth || 420);
  const chart = Plot.plot({
    width,
    height: 250,
    marginLeft: 64,
    marginBottom: 40,
    style: { fontSize: "12px", background: "transparent" },
    ariaLabel: "Line chart of total cost against the outage coverage target",
    x: { domain: [0, 1], label: "outage coverage target →", tickFormat: (v) => pct(v) },
    y: { label: "USD", grid: true, tickFormat: usdShort, nice: true, zero: false },
    marks: [
      Plot.line(rows, { x: "value", y: "cost", stroke: "#4338ca", strokeWidth: 2 }),
      Plot.dot(ok, {
        x: "value",
        y: "cost",
        fill: "#4338ca",
        r: 3,
        title: (d) =>
          `coverage ${pct(d.value)}: ${usd(d.cost)}${d.status === "time_limit" ? " (best plan found in the time limit)" : ""}${d.outage_coverage != null ? `\nachieved ${pct(d.outage_coverage)}` : ""}`,
        tip: true,
      }),
      // A plan cut by the time limit: a hollow ring, its cost an upper bound.
      Plot.dot(cut, { x: "value", y: "cost", r: 5, stroke: "#b45309", strokeWidth: 1.5, fill: "white" }),
      Plot.dot(open, { x: "value", frameAnchor: "bottom", dy: -6, symbol: "circle", stroke: "#b45309", r: 5 }),
      Plot.ruleX([coverage], { stroke: "#94a3b8", strokeDasharray: "4,3" }),
      here ? Plot.dot([here], { x: "value", y: "cost", r: 6, stroke: "#e11d48", strokeWidth: 2, fill: "white" }) : null,
      here ? Plot.text([here], { x: "value", y: "cost", text: () => "this plan", ...labelPlace(here, ok), fill: "#e11d48", fontWeight: 600 }) : null,
      Plot.dot(bad, { x: "value", frameAnchor: "bottom", dy: -6, symbol: "times", stroke: "#b91c1c", r: 5 }),
      // Labelled once, at the first infeasible target, on the side that stays inside the plot.
      bad.length
        ? Plot.text(bad.slice(0, 1), { x: "value", frameAnchor: "bottom", dy: -18, text: () => "infeasible", fill: "#b91c1c", textAnchor: bad[0].value > 0.5 ? "end" : "start", dx: bad[0].value > 0.5 ? 4 : -4 })
        : null,
    ],
  });
  const parts = [
    bad.length
      ? `Above ${pct(Math.max(...ok.map((r) => r.value), 0))} coverage no plan exists. Each point is one full plan (${rows.length} plans).`
      : `Each point is one full plan (${rows.length} plans); the dashed line is the current setting.`,
  ];
  if (cut.length) parts.push(`Hollow points: the best plan found within the time limit (not proven the cheapest).`);
  const timedOut = open.filter((r) => r.status === "time_limit").length;
  if (timedOut) parts.push(`${timedOut === 1 ? "One target" : `${timedOut} targets`} found no plan within the time limit (not proven infeasible).`);
  if (open.length > timedOut) parts.push(`${open.length - timedOut === 1 ? "One target" : `${open.length - timedOut} targets`} found no plan (${[...new Set(open.filter((r) => r.status !== "time_limit").map((r) => words(r.status)))].join(", ")}).`);
  const note = h("p", { class: "hint", text: parts.join(" ") });
  fig.replaceChildren(chart, note);
}
