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
const PRESETS = ["chatgpt-2025", "startup-70b", "training-deadline"];
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
  page.setDefaultTimeout(120_000);
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
    };
  });
}

function checkLayout(m, viewport, what) {
  assert.deepEqual(m.overflowingCards, [], `${what}: cards whose content overflows`);
  for (const t of m.tables) {
    assert.ok(t.wrapRight <= t.cardRight + 1, `${what}: the ${t.card} table stays inside its card`);
    if (viewport.name === "desktop") assert.ok(t.scrollWidth <= t.clientWidth + 1, `${what}: the ${t.card} table fits (${t.scrollWidth} > ${t.clientWidth})`);
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

for (const viewport of VIEWPORTS) {
  test(`layout at ${viewport.width}×${viewport.height}`, async (t) => {
    for (const preset of PRESETS) {
      await t.test(preset, async () => {
        const page = await open(viewport, `#preset=${preset}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `${preset}-${viewport.width}.png`), fullPage: true });
        checkLayout(await measure(page), viewport, preset);
        await page.close();
      });
    }

    await t.test("a loaded file", async () => {
      const page = await open(viewport, "#preset=training-deadline");
      await page.locator("capmix-calculator #file").setInputFiles(path.join(ROOT, "tests/fixtures/05-outage-coverage.toml"));
      await page.waitForFunction(() => document.querySelector("capmix-calculator").shadowRoot.getElementById("scenario-line").textContent.includes("05-outage"));
      await settled(page);
      await page.screenshot({ path: path.join(ARTIFACTS, `file-${viewport.width}.png`), fullPage: true });
      checkLayout(await measure(page), viewport, "loaded file");
      await page.close();
    });

    await t.test("infeasible: the reachable coverage is shown", async () => {
      const page = await open(viewport, "#preset=chatgpt-2025&off=gcp,aws&coverage=1");
      const m = await measure(page);
      assert.match(m.notice ?? "", /No plan/);
      assert.match(m.notice, /at most 90% is reachable \(the target is 100%\)/);
      assert.match(m.notice, /cap of .* exhausted/);
      await page.screenshot({ path: path.join(ARTIFACTS, `infeasible-${viewport.width}.png`), fullPage: true });
      checkLayout(m, viewport, "infeasible");
      await page.close();
    });
  });
}

test("no console errors", () => {
  assert.deepEqual(problems, []);
});
