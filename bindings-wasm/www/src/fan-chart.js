// The demand-scenario card: a fan chart of each scenario's demand and fleet per period, with
// the commitments every scenario shares, and one table row per scenario. It draws the plan's
// `uncertainty` (core computes every figure); without demand scenarios the card is hidden.

import * as Plot from "@observablehq/plot";
import { h } from "./dom.js";
import { thinned } from "./charts.js";
import { num, pct, usdShort } from "./format.js";

const PALETTE = ["#0891b2", "#4338ca", "#c026d3", "#ea580c", "#16a34a", "#64748b"];

/** Shows or hides `card` and fills `fig` (the two charts) and `wrap` (the table). */
export function renderScenarios(card, fig, wrap, plan) {
  const u = plan.total_cost == null ? null : plan.uncertainty;
  card.hidden = !u;
  if (!u) return;
  drawFan(fig, plan, u);
  wrap.replaceChildren(h("div", { class: "table-wrap" }, table(u)));
}

/** One band chart: each scenario's line, the band between the lowest and the highest. */
function fan({ width, labels, scenarios, colors, y, label, aria, extra = [] }) {
  const lines = scenarios.flatMap((s) => s.values.map((v, t) => ({ scenario: s.name, label: labels[t], t, v })));
  const band = labels.map((l, t) => {
    const vs = scenarios.map((s) => s.values[t]);
    return { label: l, lo: Math.min(...vs), hi: Math.max(...vs) };
  });
  return Plot.plot({
    width,
    height: 220,
    marginLeft: 64,
    marginBottom: 30,
    style: { fontSize: "12px", background: "transparent" },
    ariaLabel: aria,
    x: { domain: labels, type: "point", label: null, padding: 0.3, ticks: thinned(labels, width - 64 - 20) },
    y: { label, grid: true, nice: true, zero: true, tickFormat: y },
    color: { domain: scenarios.map((s) => s.name), range: colors, legend: true },
    marks: [
      Plot.areaY(band, { x: "label", y1: "lo", y2: "hi", fill: "#94a3b8", fillOpacity: 0.18 }),
      Plot.line(lines, { x: "label", y: "v", stroke: "scenario", strokeWidth: 2 }),
      Plot.dot(lines, { x: "label", y: "v", fill: "scenario", r: 2.5, title: (d) => `${d.scenario} · ${d.label}\n${y(d.v)}`, tip: true }),
      ...extra,
      Plot.ruleY([0]),
    ],
  });
}

function drawFan(fig, plan, u) {
  const labels = plan.periods.map((p) => p.label);
  const width = Math.max(260, fig.clientWidth || 640);
  const colors = u.scenarios.map((_, i) => PALETTE[i % PALETTE.length]);
  // The serving workload with the largest demand in the last period of the first scenario.
  const first = u.scenarios[0]?.demand_by_period ?? {};
  const workload = Object.keys(first).sort((a, b) => (first[b].at(-1) ?? 0) - (first[a].at(-1) ?? 0))[0];
  const charts = [];
  if (workload) {
    charts.push(
      h("figcaption", { text: `Demand of ${workload} (work units per hour) in each scenario` }),
      fan({
        width,
        labels,
        colors,
        scenarios: u.scenarios.map((s) => ({ name: s.name, values: s.demand_by_period[workload] ?? labels.map(() => 0) })),
        y: (v) => num(v, 0),
        label: "work units / h",
        aria: `Fan chart of ${workload}'s demand in ${u.scenarios.length} demand scenarios over ${labels.length} periods`,
      }),
    );
  }
  const committed = u.committed_chips_by_period.map((v, t) => ({ label: labels[t], v }));
  charts.push(
    h("figcaption", { text: "Accelerators held in each scenario, and the commitments they share (dashed)" }),
    fan({
      width,
      labels,
      colors,
      scenarios: u.scenarios.map((s) => ({ name: s.name, values: s.chips_by_period })),
      y: (v) => num(v, 0),
      label: "accelerators",
      aria: `Fan chart of the accelerators held in ${u.scenarios.length} demand scenarios, with the shared commitments`,
      // One path: a per-point title would split the line into segments.
      extra: [
        Plot.line(committed, { x: "label", y: "v", stroke: "#0f172a", strokeWidth: 2, strokeDasharray: "5,4" }),
        Plot.dot(committed, { x: "label", y: "v", fill: "#0f172a", r: 2, title: (d) => `committed · ${d.label}\n${num(d.v, 0)} accelerators`, tip: true }),
      ],
    }),
  );
  fig.replaceChildren(...charts);
}

function table(u) {
  const head = ["Scenario", "Probability", "Cost", "Regret", "Idle commitment", "On-demand + spot", "Commits alone"].map((t, i) =>
    h("th", { scope: "col", class: i === 0 ? "text" : "", text: t }),
  );
  const body = u.scenarios.map((s) =>
    h(
      "tr",
      {},
      h("th", { class: "text", scope: "row", text: s.name + (s.name === u.sizing_scenario ? " (sized to)" : "") }),
      h("td", { text: pct(s.probability) }),
      h("td", { text: usdShort(s.objective) }),
      h("td", { text: usdShort(s.regret) }),
      h("td", { text: usdShort(s.idle_commitment_usd) }),
      h("td", { text: usdShort(s.flexible_usd) }),
      h("td", { text: `${num(s.commitment_units_alone, 0)} units` }),
    ),
  );
  const foot = h("tr", {}, h("th", { class: "text", scope: "row", text: "This plan" }), h("td", { text: "" }), h("td", { text: usdShort(u.expected_cost) }), h("td", { text: "" }), h("td", { text: "" }), h("td", { text: "" }), h("td", { text: `${num(u.commitment_units, 0)} units` }));
  return h("table", { class: "scenarios" }, h("caption", { text: `Risk measure: ${u.risk.replace("_", " ")}${u.cvar_level != null ? ` at ${u.cvar_level}` : ""}; the plan's cost is the expected one` }), h("thead", {}, h("tr", {}, head)), h("tbody", {}, body, foot));
}
