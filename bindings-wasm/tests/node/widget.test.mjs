// The calculator's controls as parameter-path edits (www/src/scenario-edit.js) and its plan
// views, run against the real engine's Session.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, close, fixtures, PRESETS } from "./helpers.mjs";
import { controlEdits, decodeControls, defaults, encodeControls, inventory } from "../../www/src/scenario-edit.js";
import { allocationPivot, costByProviderPeriod } from "../../www/src/plan-view.js";

/** A scenario as the calculator sees it: the session's scenario before any edit. */
const asLoaded = (text) => {
  const s = new capmix.Session(text);
  const base = s.scenario();
  s.free();
  return base;
};
const presets = PRESETS.map((p) => asLoaded(p.text));
const all = [...presets, ...fixtures().map((f) => asLoaded(f.text))];
const [story, startup, training] = presets;

/** The session's scenario and plan with the controls `c` (over the scenario's defaults). */
function planWith(scenario, c) {
  const base = defaults(scenario);
  const s = new capmix.Session(scenario);
  s.setEdits(controlEdits({ ...base, ...c }, base));
  const out = { scenario: s.scenario(), plan: s.plan(), solves: s.solves() };
  s.free();
  return out;
}

test("untouched controls are no edits", () => {
  for (const s of all) {
    assert.deepEqual(controlEdits(defaults(s), defaults(s)), [], s.name);
    assert.equal(encodeControls(defaults(s), defaults(s)).toString(), "", s.name);
  }
});

test("each control is its parameter path", () => {
  const base = defaults(story);
  const c = {
    ...structuredClone(base),
    demand: 1.5,
    growth: 0.05,
    providersOff: ["oci"],
    acceleratorsOff: ["B200"],
    maxShare: 0.35,
    regionShare: 0.6,
    coverage: 0.7,
    spot: 0.2,
    integer: false, // the flagship is in whole instances (the default): the control asks for the relaxation
  };
  c.caps = { ...c.caps, azure: null, gcp: 0.3 };
  assert.deepEqual(controlEdits(c, base), [
    ["workloads.*.demand_scale", 1.5],
    ["workloads.*.growth", 0.05],
    ["providers.oci.enabled", 0],
    ["accelerators.B200.enabled", 0],
    ["policy.max_provider_share", 0.35],
    ["providers.azure.max_share", 0.35],
    ["providers.gcp.max_share", 0.3],
    ["policy.max_region_share", 0.6],
    ["policy.outage_coverage", 0.7],
    ["policy.max_spot_share", 0.2],
    ["workloads.*.max_spot_share", 0.2],
    ["policy.integer_units", 0],
  ]);
  assert.deepEqual(controlEdits({ ...base, growth: 0.05 }, { ...base, growth: null }), [], "no growth rule, no growth edit");
  const g = defaults(startup);
  assert.deepEqual(controlEdits({ ...g, growth: 0.2 }, g), [["workloads.*.growth", 0.2]]);
  assert.deepEqual(controlEdits({ ...g, integer: false }, g), [["policy.integer_units", 0]]);
});

test("controls survive the URL, and the first links still read", () => {
  const base = defaults(story);
  const ids = inventory(story).accelerators.map((a) => a.id);
  const c = { ...structuredClone(base), demand: 1.5, providersOff: ["oci"], acceleratorsOff: ["B200", "TPU-v5e"], maxShare: 0.35, coverage: 0.7, spot: 0.2, integer: false };
  c.caps = { ...c.caps, azure: null, gcp: 0.3 };
  const params = new URLSearchParams(encodeControls(c, base).toString());
  assert.deepEqual(decodeControls(params, base, ids), c);
  const junk = new URLSearchParams("demand=-3&share=7&coverage=abc&off=nowhere&acc_off=Z80&integer=maybe&cap.azure=2");
  assert.deepEqual(decodeControls(junk, base, ids), base, "bad values keep the scenario's");
  // A link of the first calculator (before edits were parameter paths).
  const old = new URLSearchParams("preset=chatgpt-2025&coverage=0.75&off=oci&acc_off=B200&cap.azure=none&share=0.3&integer=1");
  assert.deepEqual(controlEdits(decodeControls(old, base, ids), base), [
    ["providers.oci.enabled", 0],
    ["accelerators.B200.enabled", 0],
    ["policy.max_provider_share", 0.3],
    ["providers.azure.max_share", 0.3],
    ["policy.outage_coverage", 0.75],
  ]); // integer=1 of an old link is now the scenario's own setting: no edit
});

test("demand scale multiplies serving rates and batch totals", () => {
  const one = fixtures().find((f) => f.file === "01-on-demand.toml");
  const doubled = planWith(asLoaded(one.text), { demand: 2 });
  assert.ok(close(doubled.plan.total_cost, 2 * one.expected.total_cost));
  assert.equal(doubled.solves, 1);
  const half = planWith(training, { demand: 0.5 });
  assert.deepEqual(half.scenario.workloads.map((w) => w.total), training.workloads.map((w) => w.total / 2));
});

test("growth sets the growth rules", () => {
  const { scenario } = planWith(startup, { growth: 0.2 });
  for (const w of scenario.workloads) if (w.demand && !Array.isArray(w.demand)) assert.equal(w.demand.growth, 0.2);
});

test("switching providers and accelerators off drops their offerings and commitments", () => {
  const { scenario, plan } = planWith(story, { providersOff: ["coreweave"], acceleratorsOff: ["B200"] });
  assert.ok(scenario.offerings.every((o) => o.provider !== "coreweave" && o.accelerator !== "B200"));
  assert.deepEqual(scenario.existing ?? [], [], "the CoreWeave commitment goes with its offering");
  assert.deepEqual(scenario.providers.map((p) => p.id), story.providers.map((p) => p.id), "providers stay declared");
  // Whole instances with microlp: optimal, or feasible within its certified gap.
  assert.ok(["optimal", "feasible", "infeasible"].includes(plan.status), plan.status);
  assert.ok(!plan.allocations.some((a) => a.provider === "coreweave"));
});

test("policy controls set the policy; spot share and cleared caps apply to every item", () => {
  const { scenario: c } = planWith(story, { coverage: 0.8, maxShare: 0.5, regionShare: 0.7, spot: 0.3, integer: true, caps: { ...defaults(story).caps, azure: null } });
  assert.equal(c.policy.outage_coverage, 0.8);
  assert.equal(c.policy.max_provider_share, 0.5);
  assert.equal(c.policy.max_region_share, 0.7);
  assert.equal(c.policy.max_spot_share, 0.3);
  assert.equal(c.policy.integer_units, true);
  assert.ok(c.workloads.every((w) => w.max_spot_share === 0.3));
  assert.equal(c.providers.find((p) => p.id === "azure").max_share, 0.5, "a cleared cap is the policy's share");
  assert.equal(c.providers.find((p) => p.id === "coreweave").max_share, story.providers.find((p) => p.id === "coreweave").max_share);
  assert.deepEqual(inventory(story).serving, ["chat"]);
  assert.equal(defaults(story).spot, 0.1);
});

test("a cleared cap plans as a provider without one", () => {
  const base = defaults(story);
  const capped = Object.entries(base.caps).find(([, v]) => v != null)[0];
  const cleared = planWith(story, { caps: { ...base.caps, [capped]: null } });
  const uncapped = structuredClone(story);
  delete uncapped.providers.find((p) => p.id === capped).max_share;
  assert.ok(close(cleared.plan.total_cost, capmix.plan(uncapped).total_cost, 1e-9));
});

test("cost by provider and period adds up to the plan's cost per period", () => {
  for (const s of all) {
    const plan = capmix.plan(s);
    if (plan.total_cost == null) continue;
    const rows = costByProviderPeriod(plan);
    plan.costs.by_period.forEach((total, t) => {
      const sum = rows.filter((r) => r.period === t + 1).reduce((a, r) => a + r.cost, 0);
      assert.ok(close(sum, total), `${s.name}, period ${t + 1}: ${sum} vs ${total}`);
    });
    for (const [provider, total] of Object.entries(plan.costs.by_provider)) {
      const sum = rows.filter((r) => r.provider === provider).reduce((a, r) => a + r.cost, 0);
      if (!plan.costs.beyond_horizon_charged) assert.ok(close(sum, total), `${s.name}, ${provider}: ${sum} vs ${total}`);
    }
  }
});

test("the allocation table has one row per workload and offering used", () => {
  const plan = capmix.plan(story);
  const rows = allocationPivot(plan);
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.equal(r.units.length, plan.periods.length);
    const max = Math.max(...plan.allocations.filter((a) => a.workload === r.workload && a.offering === r.offering && a.period === 1).map((a) => a.units), 0);
    assert.ok(close(r.units[0], max));
  }
});

test("a provider has the same colour in every scenario, and distinct ones within each", async () => {
  const { providerColors } = await import("../../www/src/colors.js");
  const seen = new Map();
  for (const s of all) {
    const colors = providerColors(s);
    assert.equal(new Set(colors.values()).size, colors.size, `${s.name}: distinct colours`);
    for (const [id, c] of colors) {
      if (seen.has(id)) assert.equal(c, seen.get(id), `${id} keeps its colour in ${s.name}`);
      seen.set(id, c);
    }
  }
  const a = providerColors({ providers: [{ id: "azure" }, { id: "aws" }, { id: "gcp" }] });
  const b = providerColors({ providers: [{ id: "gcp" }, { id: "nebius" }, { id: "azure" }] });
  assert.equal(a.get("azure"), b.get("azure"));
  assert.equal(a.get("gcp"), b.get("gcp"));
  const many = providerColors({ providers: Array.from({ length: 8 }, (_, i) => ({ id: `p${i}` })) });
  assert.equal(new Set(many.values()).size, 8, "hash collisions move to a free colour");
});

test("period labels are thinned to fit their axis", async () => {
  const { thinned } = await import("../../www/src/charts.js");
  const labels = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`);
  assert.deepEqual(thinned(labels, 1000), labels, "room for every label");
  const narrow = thinned(labels, 300);
  assert.ok(narrow.length < labels.length && narrow[0] === labels[0]);
  assert.ok((300 / labels.length) * (labels.length / narrow.length) >= 7 * 7 + 10, "each shown label has its width");
});

test("a baseline is said against this plan in words, not as a bare signed percentage", async () => {
  const { versusPlan } = await import("../../www/src/format.js");
  assert.equal(versusPlan(-40.8), "40.8% below this plan");
  assert.equal(versusPlan(12.25), "12.3% above this plan");
  assert.equal(versusPlan(0.01), "same as this plan");
});

test("with demand scenarios, risk and probability controls are their parameter paths", () => {
  const u = presets.find((s) => s.demand_growth != null || (s.demand_scenarios?.length ?? 0) > 0);
  assert.ok(u, "a preset with demand scenarios");
  const base = defaults(u);
  assert.deepEqual(inventory(u).scenarios, ["low", "base", "high"]);
  assert.equal(base.risk, 0, "risk = expected is CVaR level 0");
  assert.equal(base.probName, "high");
  assert.equal(base.prob, 0.25);
  const c = { ...base, risk: 0.9, prob: 0.5 };
  assert.deepEqual(controlEdits(c, base), [
    ["policy.cvar_level", 0.9],
    ["demand_scenarios.high.probability", 0.5],
  ]);
  const params = new URLSearchParams(encodeControls(c, base).toString());
  assert.deepEqual(decodeControls(params, base), c);
  const { scenario, plan } = planWith(u, { risk: 0.9, prob: 0.5, integer: false });
  assert.equal(scenario.policy.risk.cvar, 0.9);
  assert.equal(plan.uncertainty.risk, "cvar");
  const p = Object.fromEntries(plan.uncertainty.scenarios.map((s) => [s.name, s.probability]));
  assert.ok(close(p.high, 0.5, 1e-12) && close(p.low, 1 / 6, 1e-12) && close(p.base, 1 / 3, 1e-12), JSON.stringify(p));
  // Without demand scenarios there is neither control, and no edit.
  assert.equal(defaults(story).risk, null);
  assert.deepEqual(controlEdits({ ...defaults(story), risk: 0.5 }, defaults(story)), []);
});
