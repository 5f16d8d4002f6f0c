// The JavaScript API: every export, with the documents it returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, close, fixtures, PRESETS } from "./helpers.mjs";

const byName = Object.fromEntries(fixtures().map((f) => [f.file, f]));
const onDemand = byName["01-on-demand.toml"].text;
const infeasible = byName["08-infeasible.json"].text;

test("version is the crate's", () => {
  assert.match(capmix.version(), /^\d+\.\d+\.\d+/);
});

test("parseScenario reads TOML and JSON into the same plain object", () => {
  const fromToml = capmix.parseScenario(onDemand);
  assert.equal(Object.getPrototypeOf(fromToml), Object.prototype, "a plain object, not a Map");
  assert.equal(fromToml.horizon.periods, 3);
  assert.deepEqual(fromToml.workloads[0].demand, { start: 4, growth: 0.5 });
  const fromJson = capmix.parseScenario(JSON.stringify(fromToml));
  assert.deepEqual(fromJson, fromToml);
  assert.deepEqual(capmix.parseScenario(fromToml), fromToml, "an object comes back normalised and equal");
});

test("validate summarises a valid scenario", () => {
  const v = capmix.validate(onDemand);
  // Whole instances are the contract's default (policy.integer_units = true).
  assert.deepEqual(v, { valid: true, name: "fixture 01: plain on-demand", periods: 3, usable_pairs: 2, integer_units: true, single_routing: false });
});

test("plan reports its progress", () => {
  const events = [];
  const plan = capmix.plan(onDemand, {}, (e) => events.push(e));
  assert.equal(plan.status, "optimal");
  assert.deepEqual(events.map((e) => e.phase), ["validated", "solving", "verifying"]);
  assert.equal(typeof events[0].variables, "number");
});

test("plan options: integer units and shadow prices", () => {
  const lp = capmix.plan(onDemand);
  assert.ok(lp.shadow_prices, "shadow prices by default for a pure LP");
  const noDuals = capmix.plan(onDemand, { shadow_prices: false });
  assert.equal(noDuals.shadow_prices, null);
  const integer = capmix.plan(onDemand, { integer: true });
  assert.equal(integer.integer_units, true);
  assert.ok(integer.total_cost >= lp.total_cost - 1e-6);
});

test("an infeasible scenario is a plan with a diagnosis, not an error", () => {
  const plan = capmix.plan(infeasible);
  assert.equal(plan.status, "infeasible");
  assert.equal(plan.total_cost, null);
  assert.ok(plan.diagnosis.summary.length > 0);
  const d = capmix.diagnose(infeasible);
  assert.ok(d.summary.length > 0);
  assert.ok(d.exhausted_caps.some((c) => c.offering === "od"));
});

test("explain prices each policy and the baselines", () => {
  const text = PRESETS[0].text;
  const e = capmix.explain(text);
  // Whole instances with microlp: a verified plan within its certified gap (BENCHMARKS.md: 0.20%).
  assert.ok(["optimal", "feasible"].includes(e.status), e.status);
  assert.ok(e.headline.length >= 3);
  const families = e.policies.map((p) => p.family);
  for (const f of ["provider_share", "outage_coverage", "spot_share"]) assert.ok(families.includes(f), f);
  assert.ok(e.baselines.providers.length === 5);
  assert.ok(close(e.total_cost, capmix.plan(text).total_cost, 1e-9));
  const quick = capmix.explain(text, { policies: false, baselines: false });
  assert.equal(quick.policies.length, 0);
  assert.equal(quick.baselines, null);
});

test("sweep takes arrays or the text form, and reports progress", () => {
  const seen = [];
  const s = capmix.sweep(onDemand, "workloads.serve.demand_scale", "1:2:0.5", null, (done, total) => seen.push([done, total]));
  assert.equal(s.param, "workloads.serve.demand_scale");
  assert.deepEqual(s.rows.map((r) => r.value), [1, 1.5, 2]);
  assert.ok(close(s.rows[2].total_cost, 2 * s.rows[0].total_cost));
  assert.deepEqual(seen.at(-1), [3, 3]);
  const same = capmix.sweep(onDemand, "workloads.serve.demand_scale", [1, 1.5, 2]);
  assert.deepEqual(same, s);
  assert.deepEqual(capmix.parseValues("0:1:0.25"), [0, 0.25, 0.5, 0.75, 1]);
  assert.match(capmix.sweepParams(), /policy\.outage_coverage/);
});

test("planWords says what the CLI says about optimality and whole units", () => {
  const fluid = capmix.plan(onDemand, { integer: false });
  const words = capmix.planWords(fluid);
  assert.equal(words.optimality, "proven optimal");
  assert.equal(words.whole_units, null);
  assert.equal(words.no_plan, null);
  const whole = capmix.planWords(capmix.plan(PRESETS[1].text));
  assert.match(whole.optimality ?? "", /optimal/);
  assert.match(whole.whole_units ?? "", /whole instances add/);
  assert.equal(capmix.planWords(capmix.plan(infeasible)).no_plan, "the scenario is infeasible");
  assert.throws(() => capmix.planWords({ status: 3 }), (e) => e instanceof Error && e.kind === "invalid_option" && e.path === "status");
});

test("applyParam returns the changed scenario", () => {
  const s = capmix.applyParam(onDemand, "policy.outage_coverage", 0.25);
  assert.equal(s.policy.outage_coverage, 0.25);
  const doubled = capmix.applyParam(onDemand, "workloads.serve.demand_scale", 2);
  assert.ok(close(capmix.plan(doubled).total_cost, 38000));
});

test("outputs are plain JSON-compatible objects", () => {
  const plan = capmix.plan(onDemand);
  assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
  assert.equal(Object.getPrototypeOf(plan.costs.by_provider), Object.prototype);
  assert.equal(plan.lp_bound === null || typeof plan.lp_bound === "number", true);
});

test("estimate: serving capacity per accelerator, errors naming the field", () => {
  const query = { model: "llama-3.1-70b", input_tokens: 1000, output_tokens: 300, ttft_ms: 2000, tpot_ms: 100 };
  const rows = capmix.estimate(query);
  assert.ok(rows.length > 5);
  const h100 = rows.find((r) => r.accelerator === "H100");
  assert.equal(h100.fits, true);
  assert.equal(h100.slo_met, true);
  assert.ok(h100.tpot_ms <= 100 && h100.requests_per_second_per_chip > 0);
  // 140 GB of bf16 weights do not fit 8 × 16 GB of TPU v5e.
  const v5e = rows.find((r) => r.accelerator === "TPU-v5e");
  assert.equal(v5e.fits, false);
  assert.match(v5e.reason, /does not fit/);
  const one = capmix.estimate({ ...query, accelerator: "MI300X", precision: "fp8" });
  assert.equal(one.length, 1);
  assert.throws(() => capmix.estimate({ ...query, model: "nope" }), (e) => e instanceof Error && e.path === "model");
  assert.throws(() => capmix.estimate({ ...query, tpot_ms: -1 }), (e) => e.path === "slo.tpot_ms");
  assert.throws(() => capmix.estimate(undefined), (e) => e instanceof Error && e.kind === "invalid_option");
});
