// The TypeScript declarations are honest: every key a document has is declared, every declared
// required key is there, and the generated .d.ts carries the declarations and the functions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CRATE, capmix, fixtures, interfaces, PRESETS } from "./helpers.mjs";

const dts = ["src/documents.d.ts", "src/capmix.d.ts"]
  .map((f) => readFileSync(path.join(CRATE, f), "utf8"))
  .join("\n");
const types = interfaces(dts);

test("documents.d.ts is what the JSON Schema generates (run scripts/gen-types when it is not)", async () => {
  const { generate, OUT } = await import("../../scripts/gen-types.mjs");
  assert.equal(readFileSync(OUT, "utf8"), await generate(), "src/documents.d.ts is stale: run scripts/gen-types");
});

/** Checks `value` against interface `name`, both ways. */
function conforms(value, name, where = name) {
  const decl = types[name];
  assert.ok(decl, `no interface ${name} in documents.d.ts or capmix.d.ts`);
  for (const key of Object.keys(value)) assert.ok(key in decl, `${where}: key \`${key}\` is not declared in interface ${name}`);
  for (const [key, { optional }] of Object.entries(decl)) {
    if (!optional) assert.ok(key in value, `${where}: declared key \`${key}\` of ${name} is missing`);
  }
}

const each = (list, name, where) => list.forEach((v, i) => conforms(v, name, `${where}[${i}]`));

test("capmix.d.ts has the documents and the functions", () => {
  for (const name of ["Scenario", "PlanOptions", "ExplainOptions", "Plan", "Explanation", "Sweep", "Diagnosis", "CapmixError"]) {
    assert.ok(types[name], name);
  }
  const generated = readFileSync(path.join(CRATE, "pkg-node/capmix_wasm.d.ts"), "utf8");
  for (const f of ["plan", "validate", "explain", "sweep", "applyParam", "parseScenario", "parseValues", "diagnose", "version", "sweepParams"]) {
    assert.match(generated, new RegExp(`export function ${f}\\(`), f);
    assert.equal(typeof capmix[f], "function", f);
  }
  assert.match(generated, /export interface Plan \{/);
  assert.equal(generated.match(/export class Session \{/g)?.length, 1, "one declaration of class Session");
  const session = generated.slice(generated.indexOf("export class Session {"));
  for (const m of ["constructor", "setEdits", "setOptions", "plan", "explain", "sweep", "solves", "scenario", "edits", "free"]) {
    assert.match(session, new RegExp(`\\n\\s+${m}\\(`), `Session.${m} is declared`);
    if (m !== "constructor") assert.equal(typeof capmix.Session.prototype[m], "function", `Session.${m}`);
  }
});

test("plans match interface Plan", () => {
  const texts = [...fixtures().map((f) => f.text), ...PRESETS.map((p) => p.text)];
  for (const text of texts) {
    const p = capmix.plan(text);
    conforms(p, "Plan", p.scenario);
    conforms(p.costs, "Costs");
    each(p.periods, "PeriodInfo", "periods");
    each(p.allocations, "Allocation", "allocations");
    each(p.commitments, "Commitment", "commitments");
    each(p.fleet, "FleetEntry", "fleet");
    conforms(p.achieved, "Achieved");
    each(p.achieved.provider_shares, "ShareFigure", "provider_shares");
    each(p.achieved.spot_shares, "ShareFigure", "spot_shares");
    each(p.achieved.outage_coverage, "CoverageFigure", "outage_coverage");
    each(p.achieved.commitment_utilisation, "Utilisation", "commitment_utilisation");
    each(p.achieved.shortfall, "Shortfall", "shortfall");
    if (p.shadow_prices) conforms(p.shadow_prices, "ShadowPrices");
    if (p.verification) conforms(p.verification, "Verification");
    conforms(p.model_size, "ModelSize");
    if (p.diagnosis) conforms(p.diagnosis, "Diagnosis");
  }
});

test("explanations, sweeps and validations match their interfaces", () => {
  const text = PRESETS[0].text;
  const e = capmix.explain(text);
  conforms(e, "Explanation");
  each(e.policies, "PolicyCost", "policies");
  conforms(e.baselines, "Baselines");
  each(e.baselines.providers, "ProviderBaseline", "baselines.providers");
  conforms(e.baselines.no_policy, "NoPolicy");
  conforms(e.shadow, "ShadowWords");
  const infeasible = fixtures().find((f) => f.expected.status === "infeasible");
  const ei = capmix.explain(infeasible.text);
  conforms(ei, "Explanation");
  conforms(ei.diagnosis, "Diagnosis");
  const s = capmix.sweep(text, "policy.outage_coverage", [0, 0.5, 1]);
  conforms(s, "Sweep");
  each(s.rows, "SweepRow", "rows");
  conforms(capmix.validate(text), "Validation");
});

test("scenarios read back match interface Scenario", () => {
  for (const text of [...fixtures().map((f) => f.text), ...PRESETS.map((p) => p.text)]) {
    const s = capmix.parseScenario(text);
    conforms(s, "Scenario");
    conforms(s.horizon, "Horizon");
    each(s.offerings ?? [], "Offering", "offerings");
    each(s.workloads ?? [], "Workload", "workloads");
    each(s.providers ?? [], "Provider", "providers");
    each(s.segments ?? [], "Segment", "segments");
    each(s.existing ?? [], "Existing", "existing");
    if (s.policy) conforms(s.policy, "Policy");
  }
});

test("errors match interface CapmixError", () => {
  try {
    capmix.plan("[horizon]\nperiods = 0\n");
    assert.fail("expected an error");
  } catch (e) {
    for (const key of ["name", "kind", "path", "reason"]) assert.ok(key in e, key);
    assert.ok(Object.keys(types.CapmixError).every((k) => k in e));
  }
});
