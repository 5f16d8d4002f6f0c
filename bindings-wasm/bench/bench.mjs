// Benchmark (not a test): time to plan each preset
//   - native: in-process (examples/native_timing.rs, release), and the release CLI
//     `capmix plan FILE --format json --quiet` (whole process)
//   - wasm in Node.js: plan(text) from pkg-node
//   - wasm in Chromium: plan(text) from pkg-web, in a page served on 127.0.0.1
// and the wasm/native ratio; also explain() and the 11-point coverage sweep the calculator runs.
//   node bench/bench.mjs [runs]      CAPMIX_CLI=path (default: target/release/capmix, built if missing)
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../tests/serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CRATE = path.resolve(HERE, "..");
const ROOT = path.resolve(CRATE, "..");
const RUNS = Number(process.argv[2] ?? 5);
const PRESETS = ["chatgpt-2025", "startup-70b", "training-deadline"];
const file = (id) => path.join(ROOT, "examples/scenarios", `${id}.toml`);
// What the calculator plans: the preset resolved by build.sh (catalogs loaded), as JSON.
const resolved = (id) => readFileSync(path.join(CRATE, "www/dist/presets", `${id}.json`), "utf8");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SWEEP = "0:1:0.1";

// ---- native ---------------------------------------------------------------------------------
let cli = process.env.CAPMIX_CLI ?? path.join(ROOT, "target/release/capmix");
if (!existsSync(cli)) {
  console.error("building the release CLI…");
  execFileSync("cargo", ["build", "--release", "-p", "capmix-cli", "--manifest-path", path.join(ROOT, "Cargo.toml")], { stdio: "inherit" });
  cli = path.join(ROOT, "target/release/capmix");
}
function nativeRun(args) {
  const t0 = performance.now();
  const r = spawnSync(cli, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 2) throw new Error(`${cli} ${args.join(" ")}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

// In-process native timings (examples/native_timing.rs, release): the same work as the wasm
// calls below, without process start and file reading.
execFileSync("cargo", ["build", "--release", "--quiet", "-p", "capmix-wasm", "--example", "native_timing", "--manifest-path", path.join(ROOT, "Cargo.toml")], { stdio: "inherit" });
const inProcess = JSON.parse(
  execFileSync(path.join(ROOT, "target/release/examples/native_timing"), [String(RUNS), ...PRESETS.map(file)], { encoding: "utf8" }),
);

// ---- wasm in Node ---------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const capmix = require(path.join(CRATE, "pkg-node/capmix_wasm.js"));
function timed(f) {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

const results = {};
for (const id of PRESETS) {
  const text = resolved(id);
  const runs = id === "startup-70b" ? Math.min(RUNS, 3) : RUNS;
  capmix.plan(text); // warm-up
  const node = Array.from({ length: runs }, () => timed(() => capmix.plan(text)));
  const nodeExplain = timed(() => capmix.explain(text));
  const nodeSweep = timed(() => capmix.sweep(text, "policy.outage_coverage", SWEEP));
  const native = Array.from({ length: runs }, () => nativeRun(["plan", file(id), "--format", "json", "--quiet"]));
  const nativePlan = JSON.parse(native[0].out);
  const nativeExplain = nativeRun(["explain", file(id), "--format", "json", "--quiet"]);
  const nativeSweep = nativeRun(["sweep", file(id), "--param", "policy.outage_coverage", "--values", SWEEP, "--format", "json", "--quiet"]);
  results[id] = {
    status: { wasm: node[0].value.status, native: nativePlan.status },
    method: { wasm: node[0].value.method, native: nativePlan.method },
    total_cost: { wasm: node[0].value.total_cost, native: nativePlan.total_cost },
    variables: node[0].value.model_size.variables,
    plan_ms: { native: inProcess[file(id)].plan_ms, cli: median(native.map((r) => r.ms)), node: median(node.map((r) => r.ms)) },
    explain_ms: { native: inProcess[file(id)].explain_ms, cli: nativeExplain.ms, node: nodeExplain.ms },
    sweep_ms: { native: inProcess[file(id)].sweep_ms, cli: nativeSweep.ms, node: nodeSweep.ms },
  };
  console.error(`${id}: native and Node done`);
}

// ---- wasm in Chromium -----------------------------------------------------------------------
const server = await serve(CRATE);
const profile = mkdtempSync(path.join(tmpdir(), "capmix-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}www/index.html`);
  for (const id of PRESETS) {
    const text = resolved(id);
    const runs = id === "startup-70b" ? Math.min(RUNS, 3) : RUNS;
    const browser = await page.evaluate(
      async ({ text, runs, sweep }) => {
        const m = await import("/pkg-web/capmix_wasm.js");
        await m.default({ module_or_path: "/pkg-web/capmix_wasm_bg.wasm" });
        const time = (f) => {
          const t0 = performance.now();
          f();
          return performance.now() - t0;
        };
        m.plan(text);
        const plans = Array.from({ length: runs }, () => time(() => m.plan(text))).sort((a, b) => a - b);
        return {
          plan: plans[Math.floor(plans.length / 2)],
          explain: time(() => m.explain(text)),
          sweep: time(() => m.sweep(text, "policy.outage_coverage", sweep)),
        };
      },
      { text, runs, sweep: SWEEP },
    );
    results[id].plan_ms.browser = browser.plan;
    results[id].explain_ms.browser = browser.explain;
    results[id].sweep_ms.browser = browser.sweep;
    console.error(`${id}: Chromium done`);
  }
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}

// ---- report ---------------------------------------------------------------------------------
const f = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const lines = [
  `capmix plan time per preset (median of ${RUNS}; startup-70b: of ${Math.min(RUNS, 3)}).`,
  "native = in-process, release (examples/native_timing.rs); CLI = whole `capmix plan` process, release.",
  "",
  "| preset | variables | status (method), wasm / native | native | CLI process | wasm in Node | wasm in Chromium | Chromium / native | explain: native / Chromium | sweep of 11: native / Chromium |",
  "|---|---|---|---|---|---|---|---|---|---|",
];
for (const [id, r] of Object.entries(results)) {
  lines.push(
    `| ${id} | ${r.variables} | ${r.status.wasm} (${r.method.wasm}) / ${r.status.native} (${r.method.native}) | ${f(r.plan_ms.native)} | ${f(r.plan_ms.cli)} | ${f(r.plan_ms.node)} | ${f(r.plan_ms.browser)} | ${(r.plan_ms.browser / r.plan_ms.native).toFixed(2)}× | ${f(r.explain_ms.native)} / ${f(r.explain_ms.browser)} (${(r.explain_ms.browser / r.explain_ms.native).toFixed(2)}×) | ${f(r.sweep_ms.native)} / ${f(r.sweep_ms.browser)} (${(r.sweep_ms.browser / r.sweep_ms.native).toFixed(2)}×) |`,
  );
}
console.log(lines.join("\n"));
mkdirSync(path.join(HERE, "results"), { recursive: true });
writeFileSync(path.join(HERE, "results/latest.json"), JSON.stringify(results, null, 2));
