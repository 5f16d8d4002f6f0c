// The numbers of the WebAssembly module equal the native CLI's (`capmix plan FILE --format json`)
// for the presets and the fixtures: same status, same method, same costs. (Integer plans are
// deterministic: the core's exact search has a node budget, not a time budget.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { capmix, close, fixtures, nativeCli, PRESETS } from "./helpers.mjs";

const cli = nativeCli();
// Presets: the resolved JSON the calculator plans against the CLI's plan of the TOML file.
const cases = [...PRESETS.map((p) => ({ file: p.file, text: () => p.text })), ...fixtures().map((f) => ({ file: f.path, text: () => f.text }))];

function native(file) {
  try {
    return JSON.parse(execFileSync(cli, ["plan", file, "--format", "json", "--quiet"], { encoding: "utf8", maxBuffer: 64 << 20 }));
  } catch (e) {
    // Exit code 2 (infeasible) still prints the plan.
    if (e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

for (const { file, text } of cases) {
  test(`wasm equals the native CLI: ${file.split("/").slice(-2).join("/")}`, { skip: cli ? false : "no native capmix built (set CAPMIX_CLI)" }, () => {
    const a = capmix.plan(text());
    const b = native(file);
    assert.equal(a.status, b.status);
    assert.equal(a.method, b.method);
    assert.ok(close(a.total_cost, b.total_cost, 1e-9), `total_cost ${a.total_cost} vs ${b.total_cost}`);
    assert.ok(close(a.objective, b.objective, 1e-9), `objective ${a.objective} vs ${b.objective}`);
    assert.deepEqual(Object.keys(a.costs.by_provider), Object.keys(b.costs.by_provider));
  });
}
