// Layout in Chromium at a desktop (1360×900) and a phone (390×844) width, for every preset, a
// loaded file and an infeasible setting: full-page screenshots in tests/artifacts/ (to look
// at), and the checks a reader would make on them: tables fit their card (desktop) or scroll
// inside it (phone), results before controls on a phone, chart labels inside their chart and
// apart, no "null"/"undefined"/"NaN" shown, the infeasible view says what would work.
//   CHROMIUM=/usr/bin/chromium (default)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CRATE = path.resolve(HERE, "../..");
const ROOT = path.resolve(CRATE, "..");
const ARTIFACTS = path.join(CRATE, "tests/artifacts");
const PRESETS = ["chatgpt-2025", "startup-70b", "training-deadline", "served-model"];
const VIEWPORTS = [
  { name: "desktop", width: 1360, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

let server;
let browser;
let profile;
const problems = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve(path.join(CRATE, "www/dist"));
  profile = mkdtempSync(path.join(tmpdir(), "capmix-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: VIEWPORTS[0],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(viewport, hash) {
  const page = await browser.newPage();
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.setDefaultTimeout(240_000);
  await page.goto(`${server.url}${hash}`);
  await settled(page);
  return page;
}

async function settled(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector("capmix-calculator");
    const pill = el?.shadowRoot?.getElementById("status-pill");
    return pill && !el.hasAttribute("busy") && !/working|starting/.test(pill.className + pill.textContent);
  });
}

/** Geometry and text of the calculator, measured in the page. */
function measure(page) {
  return page.evaluate(() => {
    const root = document.querySelector("capmix-calculator").shadowRoot;
    const box = (el) => el.getBoundingClientRect();
    const tables = [...root.querySelectorAll("#card-alloc .table-wrap, #alloc.table-wrap, #card-commit .table-wrap")].map((wrap) => {
      const card = wrap.closest("section.card");
      const second = wrap.querySelector("tbody tr:not(.group) > :nth-child(2)");
      return {
        card: card.id,
        scrollWidth: wrap.scrollWidth,
        clientWidth: wrap.clientWidth,
        overflowX: getComputedStyle(wrap).overflowX,
        wrapRight: box(wrap).right,
        cardRight: box(card).right,
        wrapLeft: box(wrap).left,
        secondRight: second ? box(second).right : 0,
        columns: wrap.querySelector("thead tr:last-child")?.children.length ?? 0,
      };
    });
    const overflowingCards = [...root.querySelectorAll("section.card")].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.id);
    // Text marks of a chart: each inside the svg, and tick labels apart.
    const inside = (svg, el) => {
      const s = box(svg);
      const b = box(el);
      return b.left >= s.left - 1 && b.right <= s.right + 1 && b.top >= s.top - 1 && b.bottom <= s.bottom + 1;
    };
    const curve = root.querySelector("#chart-curve svg");
    const thisPlan = curve ? [...curve.querySelectorAll("text")].find((t) => t.textContent === "this plan") : null;
    const bars = root.querySelector("#chart-providers svg:not(.legend)") ?? root.querySelector("#chart-providers figure svg");
    const svgs = [...root.querySelectorAll("#chart-providers svg")];
    const chart = svgs.find((s) => s.querySelector('[aria-label="x-axis tick label"]')) ?? bars;
    const ticks = chart ? [...chart.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => box(t)) : [];
    const collisions = ticks.filter((b, i) => i > 0 && b.left < ticks[i - 1].right + 2).length;
    return {
      tables,
      overflowingCards,
      resultsTop: box(root.querySelector("main.results")).top,
      controlsTop: box(root.querySelector("aside.controls")).top,
      thisPlanInside: thisPlan ? inside(curve, thisPlan) : null,
      ticks: ticks.length,
      collisions,
      text: [root.textContent, ...[...root.querySelectorAll("[title], [aria-label], [aria-valuetext]")].flatMap((el) => ["title", "aria-label", "aria-valuetext"].map((k) => el.getAttribute(k) ?? ""))].join(" "),
      notice: root.getElementById("notice").hidden ? null : root.getElementById("notice").textContent,
      scenariosCard: !root.getElementById("card-scenarios").hidden,
    };
  });
}

function checkLayout(m, viewport, what) {
  assert.deepEqual(m.overflowingCards, [], `${what}: cards whose content overflows`);
  for (const t of m.tables) {
    assert.ok(t.wrapRight <= t.cardRight + 1, `${what}: the ${t.card} table stays inside its card`);
    // On a desktop a table fits its card, unless it has more columns than any width holds
    // (a year of monthly periods): then it scrolls inside the card, as on a phone.
    const wide = t.columns > 10;
    if (viewport.name === "desktop" && !wide) assert.ok(t.scrollWidth <= t.clientWidth + 1, `${what}: the ${t.card} table fits (${t.scrollWidth} > ${t.clientWidth})`);
    else {
      assert.match(t.overflowX, /auto|scroll/, `${what}: the ${t.card} table scrolls`);
      assert.ok(t.secondRight <= t.wrapLeft + t.clientWidth + 2, `${what}: the ${t.card} table shows more than its first column`);
    }
  }
  if (viewport.name === "phone") assert.ok(m.resultsTop < m.controlsTop, `${what}: results before controls`);
  else assert.ok(Math.abs(m.resultsTop - m.controlsTop) < 40, `${what}: controls beside the results`);
  if (m.thisPlanInside != null) assert.ok(m.thisPlanInside, `${what}: the "this plan" label is inside its chart`);
  assert.equal(m.collisions, 0, `${what}: period labels collide`);
  assert.doesNotMatch(m.text, /\bnull\b|\bundefined\b|\bNaN\b/, `${what}: a literal null/undefined/NaN is shown`);
}

/** Resizes the page to `viewport` and waits until the charts are redrawn for it (the widget
 * redraws them 150 ms after its chart card changes size): every chart fits its card. */
async function resize(page, viewport) {
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  await page.waitForFunction(() => {
    const root = document.querySelector("capmix-calculator").shadowRoot;
    const card = root.getElementById("card-chart");
    const svgs = [...root.querySelectorAll("#card-chart svg")];
    return svgs.every((svg) => svg.getBoundingClientRect().right <= card.getBoundingClientRect().right + 1);
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await settled(page);
}

// Each case is solved once, in a desktop-sized page that is then narrowed to a phone's width
// (CSS media queries and the widget's chart redraw follow the resize), so the slowest solves
// (the flagship in microlp compiled to WebAssembly) run once per case, not once per width.
const CASES = [
  ...PRESETS.map((preset) => ({ name: preset, shot: preset, hash: `#preset=${preset}` })),
  {
    name: "uncertain growth: the fan chart of demand and fleet",
    shot: "uncertain-growth",
    hash: "#preset=uncertain-growth",
    async prepare(page) {
      const card = await page.evaluate(() => {
        const el = document.querySelector("capmix-calculator").shadowRoot.getElementById("card-scenarios");
        return {
          hidden: el.hidden,
          rows: [...el.querySelectorAll("tbody tr")].map((r) => r.textContent),
          fans: el.querySelectorAll('svg[aria-label^="Fan chart"]').length,
          lines: el.querySelectorAll('svg[aria-label^="Fan chart"] g[aria-label="line"] path').length,
        };
      });
      assert.equal(card.hidden, false, "the demand-scenario card is shown");
      assert.equal(card.rows.length, 4, "low, base, high and this plan");
      assert.ok(card.rows.some((r) => r.includes("(sized to)")), "the scenario the commitments are sized to is marked");
      assert.equal(card.fans, 2, "demand and fleet fans");
      // 3 scenario lines in each fan, and the dashed commitments line in the fleet fan.
      assert.equal(card.lines, 7, "scenario lines and the commitments line");
    },
  },
  {
    name: "a loaded file",
    shot: "file",
    hash: "#preset=training-deadline",
    async prepare(page) {
      await page.locator("capmix-calculator #file").setInputFiles(path.join(ROOT, "tests/fixtures/05-outage-coverage.toml"));
      await page.waitForFunction(() => document.querySelector("capmix-calculator").shadowRoot.getElementById("scenario-line").textContent.includes("05-outage"));
      await settled(page);
    },
  },
  {
    name: "infeasible: the reachable coverage is shown",
    shot: "infeasible",
    hash: "#preset=chatgpt-2025&off=gcp,aws&coverage=1",
    check(m) {
      assert.equal(m.scenariosCard, false, "no demand-scenario card without demand scenarios");
      assert.match(m.notice ?? "", /No plan: the scenario is infeasible\./);
      assert.match(m.notice, /at most 90% is reachable \(the target is 100%\)/);
      assert.match(m.notice, /cap of .* exhausted/);
    },
  },
];

for (const c of CASES) {
  test(`layout: ${c.name}`, async (t) => {
    const page = await open(VIEWPORTS[0], c.hash);
    await c.prepare?.(page);
    for (const viewport of VIEWPORTS) {
      await t.test(`${viewport.width}×${viewport.height}`, async () => {
        if (viewport !== VIEWPORTS[0]) await resize(page, viewport);
        const m = await measure(page);
        c.check?.(m);
        await page.screenshot({ path: path.join(ARTIFACTS, `${c.shot}-${viewport.width}.png`), fullPage: true });
        checkLayout(m, viewport, `${c.name} at ${viewport.width}`);
      });
    }
    await page.close();
  });
}

test("no console errors", () => {
  assert.deepEqual(problems, []);
});
