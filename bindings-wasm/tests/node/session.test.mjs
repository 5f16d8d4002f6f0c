// The Session handle: one scenario prepared once, edited by parameter paths, planned once per
// change; explain reuses the plan (counted by solves()).
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, close, fixtures, PRESETS } from "./helpers.mjs";

const byName = Object.fromEntries(fixtures().map((f) => [f.file, f]));
const onDemand = byName["01-on-demand.toml"];
const story = PRESETS[0].text;
// The flagship's fluid relaxation: what a session counts (solves, reuse, edits) does not depend
// on whole units, and each of its plans and explanations is then an LP, not a whole-unit search
// per variant. Whole units in a session: "setOptions re-plans only when the options differ".
const FLUID = { integer: false };

/** Asserts that `f` throws a CapmixError of `kind` (and `path`, when given). */
function throwsCapmix(f, kind, path) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof Error, "a real Error");
    assert.equal(e.name, "CapmixError");
    assert.equal(e.kind, kind, e.message);
    if (path !== undefined) assert.equal(e.path, path, e.message);
    assert.equal(typeof e.reason, "string");
    return true;
  });
}

test("a plan and its explanation solve the base plan once", () => {
  const s = new capmix.Session(story, FLUID);
  assert.equal(s.solves(), 0, "nothing is solved before plan()");
  const plan = s.plan();
  assert.equal(s.solves(), 1);
  const explanation = s.explain();
  assert.equal(s.solves(), 1, "explain reuses the plan");
  assert.ok(explanation.solves > 1, "the variants are solved");
  assert.ok(close(explanation.total_cost, plan.total_cost, 1e-9));
  s.plan();
  s.explain({ policies: false, baselines: false });
  assert.equal(s.solves(), 1, "the plan is kept while nothing changes");
  // The same figures as the one-shot functions.
  assert.ok(close(plan.total_cost, capmix.plan(story, FLUID).total_cost, 1e-9));
  const oneShot = capmix.explain(story, { plan: FLUID });
  assert.deepEqual(explanation.policies.map((p) => p.family), oneShot.policies.map((p) => p.family));
  assert.ok(close(explanation.baselines.no_policy.objective, oneShot.baselines.no_policy.objective, 1e-9));
  s.free();
});

test("each change of edits is one solve; the same edits again are none", () => {
  const s = new capmix.Session(story, FLUID);
  const cycle = (edits) => {
    const before = s.solves();
    s.setEdits(edits);
    const plan = s.plan();
    s.explain();
    return { plan, solves: s.solves() - before };
  };
  assert.equal(cycle([]).solves, 1);
  const stricter = cycle([["policy.outage_coverage", 0.75]]);
  assert.equal(stricter.solves, 1);
  assert.equal(cycle([["policy.outage_coverage", 0.75]]).solves, 0, "unchanged edits reuse the plan");
  const withoutOci = cycle([["policy.outage_coverage", 0.75], ["providers.oci.enabled", 0]]);
  assert.equal(withoutOci.solves, 1);
  assert.equal(s.solves(), 3);
  assert.ok(!withoutOci.plan.allocations.some((a) => a.provider === "oci"));
  assert.equal(cycle([]).solves, 1, "back to the scenario as given");
  s.free();
});

test("edits name parameter paths; * is every item", () => {
  const s = new capmix.Session(onDemand.text);
  s.setEdits([["workloads.*.demand_scale", 2]]);
  assert.ok(close(s.plan().total_cost, 2 * onDemand.expected.total_cost));
  assert.deepEqual(s.edits(), [["workloads.*.demand_scale", 2]]);
  // The edited scenario plans to the same cost on its own: it is exactly what was planned.
  assert.ok(close(capmix.plan(s.scenario()).total_cost, s.plan().total_cost, 1e-9));
  s.free();
});

test("plan reports a solve, and nothing when the plan is reused", () => {
  const s = new capmix.Session(onDemand.text);
  const events = [];
  s.plan((e) => events.push(e));
  s.plan((e) => events.push(e));
  s.explain();
  assert.deepEqual(events, [{ phase: "solving" }]);
  s.setEdits([["policy.outage_coverage", 0.5]]);
  s.explain();
  s.plan((e) => events.push(e));
  assert.deepEqual(events, [{ phase: "solving" }], "explain made the plan; plan() reuses it");
  s.setEdits([]);
  s.plan(() => {
    throw new Error("a throwing callback does not stop the solve");
  });
  assert.equal(s.solves(), 3);
  s.free();
});

test("setOptions re-plans only when the options differ", () => {
  const s = new capmix.Session(onDemand.text);
  const lp = s.plan();
  s.setOptions({});
  s.plan();
  assert.equal(s.solves(), 1);
  s.setOptions({ integer: true });
  const integer = s.plan();
  assert.equal(s.solves(), 2);
  assert.equal(integer.integer_units, true);
  assert.ok(integer.total_cost >= lp.total_cost - 1e-6);
  throwsCapmix(() => s.setOptions({ time_limit: -1 }), "invalid_option");
  throwsCapmix(() => s.setOptions({ solver: "nope" }), "invalid_option");
  s.plan();
  assert.equal(s.solves(), 2, "a refused option keeps the plan");
  s.free();
});

test("sweep works on the edited scenario and leaves the plan alone", () => {
  const s = new capmix.Session(story, FLUID);
  s.setEdits([["providers.oci.enabled", 0]]);
  s.plan();
  const progress = [];
  const sweep = s.sweep("policy.outage_coverage", [0, 0.5], (done, total) => progress.push([done, total]));
  assert.deepEqual(sweep.rows.map((r) => r.value), [0, 0.5]);
  assert.deepEqual(progress.at(-1), [2, 2]);
  assert.equal(s.solves(), 1, "the sweep's plans are not base plans");
  const reference = capmix.sweep(s.scenario(), "policy.outage_coverage", [0, 0.5], { ...FLUID, shadow_prices: false });
  sweep.rows.forEach((r, i) => assert.ok(close(r.total_cost, reference.rows[i].total_cost, 1e-9)));
  assert.deepEqual(s.sweep("policy.outage_coverage", "0:0.5:0.5").rows.length, 2, "the text form");
  throwsCapmix(() => s.sweep("policy.nothing", [0]), "invalid_option", "policy.nothing");
  s.free();
});

test("bad input is a CapmixError with a path, and the session keeps its edits", () => {
  throwsCapmix(() => new capmix.Session('name = "x"\n[horizon]\nperiods = "six"\n'), "parse", "horizon.periods");
  throwsCapmix(() => new capmix.Session(42), "parse");
  throwsCapmix(() => new capmix.Session(onDemand.text, { integer: "yes" }), "invalid_option");
  const s = new capmix.Session(story, FLUID);
  s.setEdits([["policy.outage_coverage", 0.6]]);
  const plan = s.plan();
  throwsCapmix(() => s.setEdits([["providers.nowhere.enabled", 0]]), "invalid_option", "providers.nowhere.enabled");
  throwsCapmix(() => s.setEdits([["policy.integer_units", 0.5]]), "invalid_option", "policy.integer_units");
  throwsCapmix(() => s.setEdits([["policy.outage_coverage", 2]]), "invalid", "policy.outage_coverage");
  throwsCapmix(() => s.setEdits("policy.outage_coverage"), "invalid_option", "edits");
  throwsCapmix(() => s.setEdits([["policy.outage_coverage"]]), "invalid_option", "edits[0]");
  throwsCapmix(() => s.setEdits([[1, 0.5]]), "invalid_option", "edits[0][0]");
  // A name is the value only of a name parameter (`workloads.<id>.model`).
  throwsCapmix(() => s.setEdits([["policy.outage_coverage", "0.5"]]), "invalid_option", "policy.outage_coverage");
  throwsCapmix(() => s.setEdits([["policy.outage_coverage", true]]), "invalid_option", "edits[0][1]");
  throwsCapmix(() => s.setEdits([["policy.outage_coverage", NaN]]), "invalid_option", "edits[0][1]");
  throwsCapmix(() => s.explain({ plan: {} }), "invalid_option");
  assert.deepEqual(s.edits(), [["policy.outage_coverage", 0.6]], "the previous edits stay");
  assert.equal(s.plan().total_cost, plan.total_cost);
  assert.equal(s.solves(), 1, "and so does the plan");
  s.free();
});

test("an infeasible edit is a plan with a diagnosis, not an error", () => {
  const s = new capmix.Session(story, FLUID);
  s.setEdits(["azure", "gcp", "aws"].map((id) => [`providers.${id}.enabled`, 0]));
  const plan = s.plan();
  assert.equal(plan.status, "infeasible");
  assert.ok(plan.diagnosis.summary.length > 0);
  const e = s.explain();
  assert.equal(e.status, "infeasible");
  assert.equal(s.solves(), 1);
  s.free();
});

test("the interactive options bound each call: the defaults with a time limit", () => {
  const o = capmix.interactiveOptions();
  assert.equal(o.time_limit, 15);
  assert.equal(o.solver, "auto");
  const s = new capmix.Session(story, o);
  const plan = s.plan();
  assert.ok(["optimal", "feasible", "time_limit"].includes(plan.status), plan.status);
  assert.equal(plan.verification.passed, true);
  s.free();
});
