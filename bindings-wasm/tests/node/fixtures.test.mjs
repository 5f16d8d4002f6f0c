// The shared fixtures give the same status and costs in WebAssembly as in Rust (expected.json),
// whether the scenario is passed as TOML/JSON text or as a plain object.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, close, fixtures } from "./helpers.mjs";

for (const f of fixtures()) {
  test(`fixture ${f.file}: ${f.expected.status}, total_cost ${f.expected.total_cost}`, () => {
    const inputs = {
      text: f.text,
      parsed: capmix.parseScenario(f.text),
      ...(f.file.endsWith(".json") ? { "JSON.parse": JSON.parse(f.text) } : {}),
    };
    for (const [how, input] of Object.entries(inputs)) {
      const plan = capmix.plan(input);
      const why = `${f.file} (${how}): ${f.expected.derivation}`;
      assert.equal(plan.status, f.expected.status, why);
      assert.ok(close(plan.total_cost, f.expected.total_cost), `${why}\ntotal_cost ${plan.total_cost}`);
      assert.ok(close(plan.objective, f.expected.objective), `${why}\nobjective ${plan.objective}`);
      if (plan.total_cost != null) {
        assert.equal(plan.verification.passed, true, why);
        assert.ok(close(plan.verification.recomputed_total_cost, plan.total_cost), why);
      }
    }
  });
}

test("an object and its text give identical plans", () => {
  for (const f of fixtures()) {
    const a = capmix.plan(f.text);
    const b = capmix.plan(capmix.parseScenario(f.text));
    assert.deepEqual(a, b, f.file);
  }
});
