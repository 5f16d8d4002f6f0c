// capmix in WebAssembly under Node.js: plan one scenario file end to end and print one JSON
// line (seconds, status, objective, peak resident memory of the Node process in KiB).
//   node bench/wasm_run.mjs PKG_DIR SCENARIO [runs]
// PKG_DIR is a wasm-bindgen `--target nodejs` package of bindings-wasm (capmix_wasm.js).
// plan(text) parses, validates, formulates, solves (microlp), verifies and returns the plan
// as a JS object: the same work as the native `capmix-bench --solver microlp`. The first call
// (module instantiation, JIT warm-up) is made on a tiny scenario and not counted.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [pkg, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 1);
const require = createRequire(import.meta.url);
const capmix = require(path.resolve(pkg, "capmix_wasm.js"));

const warm = `name = "warm-up"
[horizon]
periods = 1
[[providers]]
id = "p"
[[offerings]]
id = "o"
provider = "p"
region = "r"
accelerator = "H100"
chips = 1
purchase = "on_demand"
price_per_hour = 1
[[workloads]]
id = "w"
kind = "serving"
demand = [1]
throughput = { H100 = 1 }
`;
capmix.plan(warm);

const times = [];
let plan;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const text = readFileSync(file, "utf8");
  plan = capmix.plan(text);
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    file,
    status: plan.status,
    objective: plan.objective ?? null,
    total: times[Math.floor(times.length / 2)],
    runs,
    peak_rss_kib: process.resourceUsage().maxRSS,
  }),
);
