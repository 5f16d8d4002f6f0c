// The calculator's scenario edits and plan views (www/src), run against the real engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, close, fixtures, PRESETS } from "./helpers.mjs";
import { applyControls, decodeControls, defaults, encodeControls, inventory } from "../../www/src/scenario-edit.js";
import { allocationPivot, costByProviderPeriod } from "../../www/src/plan-view.js";

const presets = PRESETS.map((p) => capmix.parseScenario(p.text));
const all = [...presets, ...fixtures().map((f) => capmix.parseScenario(f.text))];

test("untouched controls plan exactly the scenario as written", () => {
  for (const s of all) {
    assert.deepEqual(applyControls(s, defaults(s)), s, s.name);
    assert.deepEqual(encodeControls(defaults(s), defaults(s)).toString(), "", s.name);
  }
});

test("controls survive the URL", () => {
  const s = presets[0];
  const base = defaults(s);
  const c = { ...structuredClone(base), demand: 1.5, growth: 0.05, providersOff: ["oci"], acceleratorsOff: ["B200", "TPU-v5e"], maxShare: 0.35, coverage: 0.7, spot: 0.2, integer: true };
  c.caps = { ...c.caps, azure: null, gcp: 0.3 };
  const params = new URLSearchParams(encodeControls(c, base).toString());
  assert.deepEqual(decodeControls(params, base), c);
  const junk = new URLSearchParams("demand=-3&share=7&coverage=abc&off=nowhere&integer=maybe&cap.azure=2");
  assert.deepEqual(decodeControls(junk, base), base, "bad values keep the scenario's");
});

test("demand scale multiplies serving rates and batch totals", () => {
  const one = fixtures().find((f) => f.file === "01-on-demand.toml");
  const s = capmix.parseScenario(one.text);
  const doubled = applyControls(s, { demand: 2 });
  assert.ok(close(capmix.plan(doubled).total_cost, 2 * one.expected.total_cost));
  const training = presets[2];
  const t2 = applyControls(training, { demand: 0.5 });
  assert.deepEqual(t2.workloads.map((w) => w.total), training.workloads.map((w) => w.total / 2));
});

test("switching providers and accelerators off drops their offerings and commitments", () => {
  const s = presets[0];
  const off = applyControls(s, { providersOff: ["coreweave"], acceleratorsOff: ["B200"] });
  assert.ok(off.offerings.every((o) => o.provider !== "coreweave" && o.accelerator !== "B200"));
  assert.deepEqual(off.existing, [], "the CoreWeave commitment goes with its offering");
  assert.deepEqual(off.providers, s.providers, "providers stay declared");
  const plan = capmix.plan(off);
  assert.ok(["optimal", "infeasible"].includes(plan.status));
  assert.ok(!("coreweave" in plan.costs.by_provider) || plan.costs.by_provider.coreweave === 0);
});

test("policy controls set the policy, spot share overrides workloads", () => {
  const s = presets[0];
  const c = applyControls(s, { coverage: 0.8, maxShare: 0.5, spot: 0.3, integer: true, caps: { ...defaults(s).caps, azure: null } });
  assert.equal(c.policy.outage_coverage, 0.8);
  assert.equal(c.policy.max_provider_share, 0.5);
  assert.equal(c.policy.max_spot_share, 0.3);
  assert.equal(c.policy.integer_units, true);
  assert.equal(c.workloads.find((w) => w.id === "chat").max_spot_share, 0.3);
  assert.equal(c.providers.find((p) => p.id === "azure").max_share, undefined);
  assert.equal(c.providers.find((p) => p.id === "coreweave").max_share, 0.5);
  assert.deepEqual(inventory(s).serving, ["chat"]);
  assert.equal(defaults(s).spot, 0.1);
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
  const plan = capmix.plan(presets[0]);
  const rows = allocationPivot(plan);
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.equal(r.units.length, plan.periods.length);
    const max = Math.max(...plan.allocations.filter((a) => a.workload === r.workload && a.offering === r.offering && a.period === 1).map((a) => a.units), 0);
    assert.ok(close(r.units[0], max));
  }
});
