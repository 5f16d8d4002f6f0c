// Benchmark (not a test): the calculator itself in Chromium, per preset, with HiGHS (the npm
// package `highs`, linked in the Web Worker) and with microlp alone (highs="off"): the
// seconds from opening the page to the plan shown and to the explanation shown, and the
// worker's own solve times (plan, explain, the coverage sweep), the status and the gap.
//   node bench/calculator.mjs [runs] [preset,...]   (after build.sh; median of `runs`,
//   default 3; every preset unless named)
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../tests/serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(HERE, "../www/dist");
const RUNS = Number(process.argv[2] ?? 3);
const ALL = ["chatgpt-2025", "startup-70b", "training-deadline", "uncertain-growth", "served-model"];
const PRESETS = process.argv[3] ? process.argv[3].split(",") : ALL;
const unknown = PRESETS.filter((p) => !ALL.includes(p));
if (unknown.length) throw new Error(`unknown preset ${unknown.join(", ")}: one of ${ALL.join(", ")}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve(DIST);
const profile = mkdtempSync(path.join(tmpdir(), "capmix-calc-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = context.pages()[0] ?? (await context.newPage());
const page_for = (preset, highs) => `<!doctype html><meta charset="utf-8"><script type="module" src="./capmix-calculator.js"></script>
<capmix-calculator preset="${preset}" url-state="off"${highs ? "" : ' highs="off"'}></capmix-calculator>`;
await page.route("**/bench-*.html", (route) => {
  const [, preset, engine] = /bench-(.+)-(highs|microlp)\.html/.exec(route.request().url());
  return route.fulfill({ body: page_for(preset, engine === "highs"), contentType: "text/html" });
});

async function once(preset, engine) {
  const t0 = Date.now();
  await page.goto(`${server.url}bench-${preset}-${engine}.html`);
  const el = "document.querySelector('capmix-calculator')";
  await page.waitForFunction(`${el}?.results?.plan?.plan`, null, { timeout: 600_000 });
  const planShown = (Date.now() - t0) / 1000;
  await page.waitForFunction(`${el}.results.explain && !${el}.hasAttribute("busy")`, null, { timeout: 600_000 });
  const explainShown = (Date.now() - t0) / 1000;
  const r = await page.evaluate(`(() => { const e = ${el}; return {
    engine: e.shadowRoot.getElementById("engine").textContent,
    status: e.results.plan.plan.status, gap: e.results.plan.plan.gap, method: e.results.plan.plan.method,
    plan_ms: e.results.plan.ms, explain_ms: e.results.explain.ms, sweep_ms: e.results.sweep?.ms ?? null }; })()`);
  return { planShown, explainShown, ...r };
}

const rows = [];
try {
  for (const preset of PRESETS) {
    for (const engine of ["highs", "microlp"]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await once(preset, engine));
      const m = (k) => median(runs.map((x) => x[k]));
      const last = runs.at(-1);
      rows.push(`| ${preset} | ${last.engine.replace(/^capmix [^·]+· WebAssembly · /, "")} | ${last.status} (${last.method}, gap ${last.gap == null ? "-" : (100 * last.gap).toFixed(2) + "%"}) | ${m("planShown").toFixed(2)} s | ${m("explainShown").toFixed(2)} s | ${(m("plan_ms") / 1000).toFixed(2)} s | ${(m("explain_ms") / 1000).toFixed(2)} s | ${last.sweep_ms == null ? "-" : (m("sweep_ms") / 1000).toFixed(2) + " s"} |`);
      console.error(`${preset} ${engine} done`);
    }
  }
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`The calculator in Chromium (${process.env.CHROMIUM ?? "/usr/bin/chromium"}), median of ${RUNS} page loads.`);
console.log("| preset | engine | plan | plan shown | explanation shown | worker: plan | worker: explain | worker: sweep |");
console.log("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log(r);
