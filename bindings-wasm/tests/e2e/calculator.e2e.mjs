// End to end: the demo page (www/dist) in Debian's Chromium, driven by playwright-core.
// Load a preset, move a slider, see the cost and the chart update, share by URL, load a bad
// and a good scenario file; no console errors. Screenshots go to tests/artifacts/.
//   CHROMIUM=/usr/bin/chromium (default)   CAPMIX_CLI=path/to/capmix (to compare totals)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CRATE = path.resolve(HERE, "../..");
const ROOT = path.resolve(CRATE, "..");
const ARTIFACTS = path.join(CRATE, "tests/artifacts");
const CLI = process.env.CAPMIX_CLI ?? null;

let server;
let context;
let page;
let profile;
const problems = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve(path.join(CRATE, "www/dist"));
  profile = mkdtempSync(path.join(tmpdir(), "capmix-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1360, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  // A guard against hangs, not a speed check: CI runs other tests beside this one.
  page.setDefaultTimeout(240_000);
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// ---- helpers --------------------------------------------------------------------------------

/** Text of an element inside the calculator's shadow root. */
const text = (id) => page.locator(`capmix-calculator #${id}`).innerText();

/** Waits until the calculator has finished every stage of its current run. */
async function settled() {
  await page.waitForFunction(() => {
    const el = document.querySelector("capmix-calculator");
    const pill = el?.shadowRoot?.getElementById("status-pill");
    return pill && !el.hasAttribute("busy") && !/working|starting/.test(pill.className + pill.textContent);
  });
}

/** Whole dollars of the "Total cost" card (its full-precision line). */
async function totalDollars() {
  const sub = await text("kpi-total-sub");
  const m = /\$([\d,]+)/.exec(sub);
  assert.ok(m, `no dollar figure in "${sub}"`);
  return Number(m[1].replace(/,/g, ""));
}

/** The engine's counters: runs finished, base plans solved, restarts, the last run's counts. */
const stats = () => page.evaluate(() => document.querySelector("capmix-calculator").engineStats);

/** Asserts that the runs since `before` solved the base plan exactly once each. */
async function oneSolvePerRun(before, runs) {
  const now = await stats();
  assert.equal(now.runs - before.runs, runs, "runs finished");
  assert.equal(now.baseSolves - before.baseSolves, runs, `one base solve per run: ${JSON.stringify(now)}`);
  assert.equal(now.lastRun.baseSolves, 1, "the last run solved its base plan once");
  assert.equal(now.lastRun.after_explain, now.lastRun.after_plan, "explain reused the plan");
  return now;
}

const chartMarkup = () => page.locator("capmix-calculator #chart-providers svg").last().innerHTML();

function cliTotal(file) {
  if (!CLI) return null;
  const out = execFileSync(CLI, ["plan", file, "--format", "json", "--quiet"], { encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out).total_cost;
}

// ---- the test -------------------------------------------------------------------------------

test("the calculator plans, updates, shares and reports errors", async (t) => {
  await page.goto(server.url);

  await t.test("the default preset shows the same total as the CLI", async () => {
    await settled();
    // Whole instances with microlp: optimal, or feasible within its certified gap (0.20%).
    assert.match((await text("status-pill")).trim(), /^(optimal|feasible)$/);
    const total = await totalDollars();
    const cli = cliTotal(path.join(ROOT, "examples/scenarios/chatgpt-2025.toml"));
    if (cli != null) assert.equal(total, Math.round(cli));
    assert.match(await text("kpi-total"), /^\$\d/);
    // Core's words, as the CLI prints them: how close to the best plan, and what whole units add.
    assert.match(await text("kpi-words"), /^(proven optimal|optimal: within|not proven optimal: within)/);
    assert.match(await text("kpi-words"), /whole instances add/);
    assert.ok((await page.locator("capmix-calculator #chart-providers svg").count()) > 0, "cost chart drawn");
    assert.ok((await page.locator("capmix-calculator #policies .policy").count()) >= 3, "policy prices listed");
    assert.ok((await page.locator("capmix-calculator #chart-curve svg").count()) > 0, "coverage curve drawn");
    assert.ok((await page.locator("capmix-calculator #alloc tbody tr").count()) > 0, "allocation table");
    assert.match(page.url(), /#preset=chatgpt-2025/);
    // HiGHS (the npm package `highs`) solves in the worker; the footer names it.
    assert.match(await text("engine"), /WebAssembly · HiGHS \d+\.\d+/);
  });

  await t.test("loading another preset replaces the plan", async () => {
    await page.locator("capmix-calculator #preset").selectOption("training-deadline");
    await page.waitForFunction(() =>
      document.querySelector("capmix-calculator").shadowRoot.getElementById("scenario-line").textContent.includes("pretraining"),
    );
    await settled();
    const total = await totalDollars();
    const cli = cliTotal(path.join(ROOT, "examples/scenarios/training-deadline.toml"));
    if (cli != null) assert.equal(total, Math.round(cli));
    assert.match(page.url(), /#preset=training-deadline/);
    // The behaviour tests below plan the flagship's fluid relaxation, from a link: each re-plan
    // is then an LP of about a second in microlp instead of a whole-unit search of about 20 s.
    // Whole units are the first test's (the default) and the cancel test's.
    await page.goto("about:blank");
    await page.goto(`${server.url}#preset=chatgpt-2025&integer=0`);
    await settled();
    assert.equal(await page.locator("capmix-calculator #integer").isChecked(), false);
    assert.match(page.url(), /#preset=chatgpt-2025\b.*\binteger=0/);
  });

  await t.test("moving the outage-coverage slider updates cost, chart and URL", async () => {
    const before = await totalDollars();
    const chartBefore = await chartMarkup();
    const slider = page.locator("capmix-calculator #coverage");
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight"); // 50% -> 75%
    assert.ok((await page.locator("capmix-calculator .stale").count()) > 0, "old results are marked out of date at once");
    assert.equal(await page.locator("capmix-calculator[busy]").count(), 1, "the calculator says it is working");
    assert.equal(await slider.inputValue(), "0.75");
    assert.equal((await text("coverage-out")).trim(), "75%");
    await settled();
    const after = await totalDollars();
    assert.ok(after > before, `a stricter coverage costs more: ${before} -> ${after}`);
    assert.notEqual(await chartMarkup(), chartBefore, "the chart was redrawn with new numbers");
    assert.match(page.url(), /coverage=0\.75/);
    assert.equal(await page.locator("capmix-calculator .stale").count(), 0, "nothing left marked out of date");
    const achieved = await text("kpi-coverage");
    assert.match(achieved, /^7[5-9]%|^[89]\d%|^100%/);
    await page.screenshot({ path: path.join(ARTIFACTS, "calculator.png"), fullPage: true });

    // The link reproduces the plan.
    const link = page.url();
    await page.goto("about:blank");
    await page.goto(link);
    await settled();
    assert.equal(await totalDollars(), after);
    assert.equal(await slider.inputValue(), "0.75");
  });

  await t.test("switching a provider off re-plans without it, solving the base plan once", async () => {
    const before = await stats();
    await page.locator("capmix-calculator #prov-oci").uncheck();
    await settled();
    const rows = await page.locator("capmix-calculator #alloc tbody th").allInnerTexts();
    assert.ok(rows.length > 0 && rows.every((r) => !r.startsWith("oci-")), rows.join(", "));
    assert.match(page.url(), /off=oci/);
    const afterSwitch = await oneSolvePerRun(before, 1);
    await page.locator("capmix-calculator #reset").click();
    await settled();
    await oneSolvePerRun(afterSwitch, 1);
  });

  await t.test("every control change solves the base plan exactly once", async () => {
    let before = await stats();
    for (const [what, act] of [
      ["demand slider", async () => {
        await page.locator("capmix-calculator #demand").focus();
        await page.keyboard.press("ArrowRight");
      }],
      ["accelerator switch", () => page.locator("capmix-calculator #accelerators input").first().uncheck()],
      ["provider cap", () => page.locator("capmix-calculator #cap-gcp").fill("30").then(() => page.locator("capmix-calculator #cap-gcp").press("Enter"))],
      ["reset", () => page.locator("capmix-calculator #reset").click()],
    ]) {
      await act();
      await settled();
      before = await oneSolvePerRun(before, 1).catch((e) => {
        throw new Error(`${what}: ${e.message}`);
      });
    }
    console.log(`base solves per control change: ${JSON.stringify(before.lastRun)} (${before.runs} runs, ${before.baseSolves} base solves)`);
  });

  await t.test("until the new explanation arrives, the summary and 'Policies add' are marked out of date", async () => {
    // Hold the explanation of the next run, to look at the page between plan and explain.
    await page.evaluate(() => {
      const on = document.querySelector("capmix-calculator").engine.on;
      const explain = on.explain;
      on.explain = (msg) => {
        window.releaseExplain = () => {
          on.explain = explain;
          explain(msg);
        };
      };
    });
    const headlineBefore = await text("headline");
    await page.locator("capmix-calculator #demand").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => typeof window.releaseExplain === "function");
    const isStale = (id) => page.locator(`capmix-calculator #${id}`).evaluate((el) => el.classList.contains("stale"));
    assert.equal(await isStale("kpis"), false, "the new plan's figures are current");
    assert.equal(await isStale("headline"), true, "the previous summary is marked");
    assert.equal(await isStale("kpi-policy-tile"), true, "the previous 'Policies add' is marked");
    assert.equal(await isStale("card-policies"), true);
    assert.equal(await text("headline"), headlineBefore, "(it is the previous plan's)");
    assert.match(await text("kpi-stale"), /summary and policy prices are being recalculated/);
    await page.evaluate(() => window.releaseExplain());
    await settled();
    assert.equal(await isStale("headline"), false);
    assert.equal(await isStale("kpi-policy-tile"), false);
    assert.ok(await page.locator("capmix-calculator #kpi-stale").isHidden());
    assert.notEqual(await text("headline"), headlineBefore, "the new summary");
    await page.keyboard.press("ArrowLeft");
    await settled();
  });

  await t.test("a long solve shows that it works and can be cancelled", async () => {
    // The fluid relaxation is planned (since the preset test); ask for whole units, the
    // default and a search of seconds, and cancel it.
    await page.locator("capmix-calculator #integer").uncheck();
    await settled();
    const shown = await totalDollars();
    const restarts = (await stats()).restarts;
    await page.locator("capmix-calculator #integer").check();
    const cancel = page.locator("capmix-calculator #cancel");
    await cancel.waitFor({ state: "visible" });
    await page.waitForFunction(() => /Solving|Planning/.test(document.querySelector("capmix-calculator").shadowRoot.getElementById("status-text").textContent));
    assert.equal(await page.locator("capmix-calculator #results[aria-busy=true]").count(), 1, "the results say they are busy");
    assert.equal((await text("status-pill")).trim(), "working");
    await page.waitForTimeout(300);
    await cancel.click();
    assert.equal((await text("status-pill")).trim(), "cancelled");
    assert.match(await text("status-text"), /Cancelled\. The results shown are for the previous settings/);
    assert.ok(await cancel.isHidden(), "no Cancel without a solve");
    assert.equal(await page.locator("capmix-calculator[busy]").count(), 0);
    assert.equal(await page.locator("capmix-calculator #results[aria-busy=false]").count(), 1);
    assert.ok((await page.locator("capmix-calculator section.card.stale").count()) >= 4, "the previous results stay, marked out of date");
    assert.match(await text("kpi-stale"), /cancelled/);
    assert.equal(await totalDollars(), shown, "the previous plan is still shown");
    assert.equal((await stats()).restarts, restarts + 1, "the worker was replaced");
    await page.screenshot({ path: path.join(ARTIFACTS, "calculator-cancelled.png") });
    // The fresh engine has the scenario: the next change plans at once.
    const before = await stats();
    await page.locator("capmix-calculator #integer").uncheck();
    await settled();
    assert.equal(await totalDollars(), shown);
    assert.equal(await page.locator("capmix-calculator .stale").count(), 0);
    await oneSolvePerRun(before, 1);
  });

  await t.test("an invalid scenario file shows a readable error and keeps the plan", async () => {
    const shown = await totalDollars();
    await page.locator("capmix-calculator #file").setInputFiles({
      name: "broken.toml",
      mimeType: "text/plain",
      buffer: Buffer.from('name = "broken"\n[horizon]\nperiods = "six"\n'),
    });
    const alert = page.locator("capmix-calculator #error");
    await alert.waitFor({ state: "visible" });
    const message = await alert.innerText();
    assert.match(message, /Could not load broken\.toml/);
    assert.match(message, /horizon\.periods/);
    assert.match(message, /invalid type/);
    assert.equal(await totalDollars(), shown, "the last plan stays");
    await alert.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, "calculator-error.png") });

    const bad = JSON.parse(readFileSync(path.join(ROOT, "tests/fixtures/02-spot-share.json"), "utf8"));
    bad.offerings[0].price_per_hour = -1;
    await page.locator("capmix-calculator #file").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
    await page.waitForFunction(() => {
      const e = document.querySelector("capmix-calculator").shadowRoot.getElementById("error");
      return !e.hidden && e.textContent.includes("bad.json");
    });
    assert.match(await alert.innerText(), /offerings\[0\]\.price_per_hour/);
  });

  await t.test("a valid scenario file is planned, with the fixture's cost", async () => {
    const file = path.join(ROOT, "tests/fixtures/05-outage-coverage.toml");
    await page.locator("capmix-calculator #file").setInputFiles(file);
    await page.waitForFunction(() => document.querySelector("capmix-calculator").shadowRoot.getElementById("error").hidden);
    await settled();
    const expected = JSON.parse(readFileSync(path.join(ROOT, "tests/fixtures/expected.json"), "utf8"))["05-outage-coverage.toml"];
    assert.equal(await totalDollars(), expected.total_cost);
    assert.match(page.url(), /#scenario=/);
  });

  await t.test("with demand scenarios, the risk and probability sliders re-plan the hedge", async () => {
    await page.goto("about:blank");
    await page.goto(`${server.url}#preset=uncertain-growth&integer=0`);
    await settled();
    const plan = () => page.evaluate(() => document.querySelector("capmix-calculator").results.plan.plan);
    assert.equal(await page.locator("capmix-calculator #risk-wrap").isHidden(), false, "risk slider shown");
    assert.equal((await text("risk-out")).trim(), "expected cost");
    const before = (await plan()).uncertainty;
    assert.equal(before.risk, "expected");
    const risk = page.locator("capmix-calculator #risk");
    await risk.focus();
    for (let i = 0; i < 18; i++) await page.keyboard.press("ArrowRight"); // 0 -> 0.9
    await settled();
    assert.equal((await text("risk-out")).trim(), "CVaR 0.90");
    const hedged = (await plan()).uncertainty;
    assert.equal(hedged.risk, "cvar");
    assert.ok(Math.abs(hedged.cvar_level - 0.9) < 1e-9, `cvar level ${hedged.cvar_level}`);
    // The expected-cost plan is the cheapest in expectation; any other risk measure costs as much or more.
    assert.ok(hedged.expected_cost >= before.expected_cost - 1e-6 * before.expected_cost, `${before.expected_cost} -> ${hedged.expected_cost}`);
    assert.match(page.url(), /risk=0\.9/);

    const prob = page.locator("capmix-calculator #prob");
    assert.equal((await text("prob-label")).trim(), "Probability of “high”");
    await prob.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight"); // 25% -> 50%
    await settled();
    const p = Object.fromEntries((await plan()).uncertainty.scenarios.map((s) => [s.name, s.probability]));
    assert.ok(Math.abs(p.high - 0.5) < 1e-9, JSON.stringify(p));
    // The others keep their 1 : 2 proportion: 1/6 and 1/3.
    assert.ok(Math.abs(p.low - 1 / 6) < 1e-9 && Math.abs(p.base - 1 / 3) < 1e-9, JSON.stringify(p));
    assert.match(page.url(), /prob=0\.5/);
  });

  await t.test("the served-model picker re-estimates and re-plans", async () => {
    await page.goto("about:blank");
    await page.goto(`${server.url}#preset=served-model&integer=0`);
    await settled();
    const plan = () => page.evaluate(() => document.querySelector("capmix-calculator").results.plan.plan);
    assert.equal(await page.locator("capmix-calculator #fs-model").isHidden(), false, "picker shown");
    assert.equal(await page.locator("capmix-calculator #model").inputValue(), "llama-3.1-70b");
    assert.equal(await page.locator("capmix-calculator #tpot").inputValue(), "100");
    const options = await page.locator("capmix-calculator #model option").allTextContents();
    assert.ok(options.includes("llama-3.1-8b") && options.includes("deepseek-v3"), "the registry's models are offered");
    // The table lists every accelerator, the single-chip TPU with why it cannot serve.
    const table = await text("throughput");
    assert.match(table, /B200/);
    assert.match(table, /TPU-v6e[\s\S]*does not fit/);
    const loose = await plan();

    const tpot = page.locator("capmix-calculator #tpot");
    await tpot.fill("40");
    await tpot.press("Enter");
    await tpot.blur();
    await settled();
    const tight = await plan();
    assert.ok(tight.total_cost > loose.total_cost, `${loose.total_cost} -> ${tight.total_cost}`);
    assert.ok(tight.throughput_sources.filter((s) => s.throughput != null).every((s) => s.tpot_ms <= 40));
    assert.match(page.url(), /tpot=40/);

    await page.locator("capmix-calculator #model").selectOption("llama-3.1-8b");
    await settled();
    const small = await plan();
    assert.ok(small.total_cost < tight.total_cost, `${tight.total_cost} -> ${small.total_cost}`);
    assert.match(await text("throughput-hint"), /llama-3\.1-8b/);
    assert.match(page.url(), /model=llama-3\.1-8b/);
    assert.equal(await page.locator("capmix-calculator #error").isHidden(), true);
    // Reset puts the scenario's model and targets back (and its whole instances).
    await page.locator("capmix-calculator #reset").click();
    await settled();
    assert.equal(await page.locator("capmix-calculator #model").inputValue(), "llama-3.1-70b");
    assert.equal(await page.locator("capmix-calculator #tpot").inputValue(), "100");
    assert.deepEqual((await plan()).throughput_sources, loose.throughput_sources);
  });

  await t.test("a link naming an unknown model shows why, and picking a model plans again", async () => {
    await page.goto("about:blank");
    await page.goto(`${server.url}#preset=served-model&integer=0&model=no-such-model`);
    const alert = page.locator("capmix-calculator #error");
    await alert.waitFor({ state: "visible" });
    assert.match(await alert.innerText(), /no-such-model/);
    await settled();
    // The picker still offers the registry's models; choosing one clears the error.
    await page.locator("capmix-calculator #model").selectOption("llama-3.1-8b");
    await settled();
    assert.equal(await alert.isHidden(), true, await alert.innerText());
    const plan = await page.evaluate(() => document.querySelector("capmix-calculator").results.plan.plan);
    assert.ok(plan.total_cost > 0, plan.status);
    assert.match(page.url(), /model=llama-3\.1-8b/);
  });

  await t.test("every control has a label", async () => {
    const unlabelled = await page.evaluate(() => {
      const root = document.querySelector("capmix-calculator").shadowRoot;
      return [...root.querySelectorAll("input, select, button")]
        .filter((el) => {
          if (el.getAttribute("aria-label")) return false;
          if (el.closest("label")) return false;
          if (el.id && root.querySelector(`label[for="${el.id}"]`)) return false;
          if (el.tagName === "BUTTON" && el.textContent.trim()) return false;
          return true;
        })
        .map((el) => el.outerHTML.slice(0, 80));
    });
    assert.deepEqual(unlabelled, []);
  });

  await t.test("no console errors", () => {
    assert.deepEqual(problems, []);
  });

  // Last: this page's missing highs.wasm is a console error by design.
  await t.test("without HiGHS the worker plans with microlp and says why", async () => {
    await page.route("**/no-highs.html", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><meta charset="utf-8"><script type="module" src="./capmix-calculator.js"></script>
<capmix-calculator preset="startup-70b" url-state="off" highs="missing/highs.wasm"></capmix-calculator>`,
      }),
    );
    await page.goto(`${server.url}no-highs.html`);
    await settled();
    assert.match(await text("engine"), /WebAssembly · microlp \(HiGHS could not start/);
    assert.match((await text("status-pill")).trim(), /^optimal$/);
  });
});
