// Failures are JavaScript Errors with kind, path and reason; malformed input never throws
// anything else (a Rust panic would surface as a RuntimeError without `kind`), and the module
// keeps working after any failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, fixtures } from "./helpers.mjs";

const good = fixtures().find((f) => f.file === "01-on-demand.toml");
const goodObject = () => capmix.parseScenario(good.text);

/** Asserts `f` throws a CapmixError and returns it. */
function capmixError(f, { kind, path } = {}) {
  let thrown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, "expected a throw");
  assert.ok(thrown instanceof Error, `threw a non-Error: ${String(thrown)}`);
  assert.equal(thrown.name, "CapmixError", `${thrown.name}: ${thrown.message}`);
  assert.equal(typeof thrown.kind, "string");
  assert.equal(typeof thrown.reason, "string");
  assert.ok(thrown.path === null || typeof thrown.path === "string");
  assert.ok(thrown.message.length > 0);
  if (kind) assert.equal(thrown.kind, kind, thrown.message);
  if (path !== undefined) assert.equal(thrown.path, path, thrown.message);
  return thrown;
}

const stillWorks = () => assert.equal(capmix.plan(good.text).total_cost, 19000);

test("an invalid value names its path", () => {
  const s = goodObject();
  s.offerings[0].price_per_hour = -5;
  const e = capmixError(() => capmix.plan(s), { kind: "invalid", path: "offerings[0].price_per_hour" });
  assert.match(e.message, /^offerings\[0\]\.price_per_hour: /);
  assert.ok(!e.reason.startsWith("offerings[0]"), "reason is the message without the path");
  capmixError(() => capmix.validate(s), { kind: "invalid", path: "offerings[0].price_per_hour" });
  stillWorks();
});

test("a wrong type names its path, for objects and for text", () => {
  const s = goodObject();
  s.offerings[0].chips = "eight";
  const e = capmixError(() => capmix.plan(s), { kind: "parse", path: "offerings[0].chips" });
  assert.doesNotMatch(e.message, /line \d+ column/, "no positions of the stringified object");
  capmixError(() => capmix.plan(JSON.stringify(s)), { kind: "parse", path: "offerings[0].chips" });
  stillWorks();
});

test("unknown keys are errors, not ignored", () => {
  const s = goodObject();
  s.policy = { max_shares: 0.5 };
  capmixError(() => capmix.plan(s), { kind: "parse", path: "policy.max_shares" });
});

test("TOML syntax errors are readable", () => {
  const e = capmixError(() => capmix.parseScenario("[horizon]\nperiods = = 3\n"), { kind: "parse" });
  assert.match(e.message, /line 2/);
  capmixError(() => capmix.plan("this is not a scenario"), { kind: "parse" });
  capmixError(() => capmix.plan("{ not json"), { kind: "parse" });
});

test("unknown references and infeasible-by-construction scenarios are input errors", () => {
  const s = goodObject();
  s.offerings[0].provider = "nowhere";
  capmixError(() => capmix.plan(s), { kind: "invalid", path: "offerings[0].provider" });
});

test("bad options name the option", () => {
  capmixError(() => capmix.plan(good.text, { time_limit: -1 }), { kind: "invalid_option", path: "time_limit" });
  capmixError(() => capmix.plan(good.text, { timeLimit: 5 }), { kind: "invalid_option", path: "timeLimit" });
  capmixError(() => capmix.plan(good.text, { integer: "yes" }), { kind: "invalid_option", path: "integer" });
  capmixError(() => capmix.plan(good.text, "fast"), { kind: "invalid_option", path: "options" });
  capmixError(() => capmix.plan(good.text, { solver: "highs" }), { kind: "solver_unavailable" });
  capmixError(() => capmix.explain(good.text, { plan: { mip_gap: 2 } }), { kind: "invalid_option", path: "mip_gap" });
  capmixError(() => capmix.plan(good.text, { limits: { max_periods: 1 } }), { kind: "limit" });
  stillWorks();
});

test("bad sweeps name the parameter or the value", () => {
  capmixError(() => capmix.sweep(good.text, "policy.nope", [0]), { kind: "invalid_option", path: "policy.nope" });
  capmixError(() => capmix.sweep(good.text, "policy.outage_coverage", [0, Number.NaN]), { kind: "invalid_option", path: "values[1]" });
  capmixError(() => capmix.sweep(good.text, "policy.outage_coverage", [0, "x"]), { kind: "invalid_option", path: "values[1]" });
  capmixError(() => capmix.sweep(good.text, "policy.outage_coverage", "1:0:0.1"), { kind: "invalid_option", path: "values" });
  capmixError(() => capmix.sweep(good.text, "policy.outage_coverage", []), { kind: "invalid_option" });
  capmixError(() => capmix.sweep(good.text, 42, [0]), { kind: "invalid_option", path: "param" });
  capmixError(() => capmix.applyParam(good.text, "policy.outage_coverage", 1.5), { kind: "invalid" });
  capmixError(() => capmix.applyParam(good.text, "policy.outage_coverage", Infinity), { kind: "invalid_option", path: "value" });
  capmixError(() => capmix.parseValues("a,b"), { kind: "invalid_option", path: "values" });
  stillWorks();
});

test("malformed inputs throw CapmixErrors and the module stays usable", () => {
  const cyclic = goodObject();
  cyclic.self = cyclic;
  const inputs = [
    undefined,
    null,
    42,
    true,
    [],
    [1, 2],
    () => 1,
    Symbol("s"),
    10n,
    {},
    { horizon: null },
    { horizon: { periods: -1 } },
    { horizon: { periods: 1e12 } },
    { horizon: { periods: 2.5 } },
    { horizon: { periods: 1 }, segments: "x" },
    { horizon: { periods: 1 }, workloads: [{ id: "w", demand: { start: 1 } }] },
    { horizon: { periods: 1 }, workloads: [{ id: "w", window: [1, 2, 3] }] },
    { ...goodObject(), extra: 1n },
    cyclic,
    "",
    "\u0000\u0001",
    "{".repeat(10000),
    "[".repeat(10000),
    "a = ".repeat(1000),
  ];
  for (const input of inputs) {
    for (const f of [capmix.plan, capmix.validate, capmix.explain, capmix.parseScenario, capmix.diagnose]) {
      capmixError(() => f(input));
    }
    capmixError(() => capmix.sweep(input, "policy.outage_coverage", [0]));
    capmixError(() => capmix.applyParam(input, "policy.outage_coverage", 0));
  }
  stillWorks();
});

test("random mutations of a valid scenario never escape as non-CapmixErrors", () => {
  // A small deterministic generator (mulberry32), so a failure can be replayed.
  let seed = 0x5eed;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const values = [-1, 0, 1e-300, 1e300, -1e300, 0.5, 2, 1000, "", "x", null, [], {}, [1], true, 3.7, 2 ** 53];
  const leaves = (o, prefix = []) =>
    o && typeof o === "object"
      ? Object.entries(o).flatMap(([k, v]) => [[...prefix, k], ...leaves(v, [...prefix, k])])
      : [];
  const bases = fixtures().map((f) => capmix.parseScenario(f.text));
  let planned = 0;
  let rejected = 0;
  for (let i = 0; i < 300; i++) {
    const s = structuredClone(pick(bases));
    for (let m = 0; m < 1 + Math.floor(rand() * 3); m++) {
      const where = pick(leaves(s));
      let o = s;
      for (const k of where.slice(0, -1)) o = o[k];
      o[where[where.length - 1]] = pick(values);
    }
    try {
      const plan = capmix.plan(s, { time_limit: 5 });
      assert.equal(typeof plan.status, "string");
      planned++;
    } catch (e) {
      assert.ok(e instanceof Error && e.name === "CapmixError", `mutation ${i}: ${e?.name}: ${e?.message}\n${JSON.stringify(s)}`);
      rejected++;
    }
  }
  assert.ok(planned > 0 && rejected > 0, `planned ${planned}, rejected ${rejected}`);
  stillWorks();
});

test("a throwing progress callback does not stop the solve", () => {
  const plan = capmix.plan(good.text, null, () => {
    throw new Error("callback failure");
  });
  assert.equal(plan.total_cost, 19000);
  const sweep = capmix.sweep(good.text, "workloads.serve.demand_scale", [1, 2], null, () => {
    throw new Error("callback failure");
  });
  assert.equal(sweep.rows.length, 2);
});
