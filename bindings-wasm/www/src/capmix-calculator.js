// <capmix-calculator>: an embeddable capacity-plan calculator. One script tag:
//
//   <script type="module" src="https://…/capmix-calculator.js"></script>
//   <capmix-calculator preset="chatgpt-2025"></capmix-calculator>
//
// Attributes:
//   preset="chatgpt-2025 | startup-70b | training-deadline"   the scenario to start with
//   src="scenario.toml"        a scenario file (TOML or JSON) to start with instead
//   url-state="off"            do not read or write the page's URL hash (default: on)
//   wasm="…/capmix_wasm_bg.wasm"  where the module is (default: beside this script)
//
// All planning runs in a Web Worker (capmix compiled to WebAssembly); this file only edits the
// scenario from the controls (scenario-edit.js) and draws the engine's results.

import * as Plot from "@observablehq/plot";
import css from "./calculator.css";
import workerSource from "capmix:worker-source";
import { PRESETS } from "capmix:presets";
import { applyControls, decodeControls, defaults, encodeControls, inventory } from "./scenario-edit.js";
import { allocationPivot, costByProviderPeriod, providerOrder } from "./plan-view.js";
import { packScenario, readHash, unpackScenario } from "./url-state.js";
import { duration, num, pct, pctSigned, times, usd, usdShort, usdSigned } from "./format.js";

const SCRIPT_URL = import.meta.url;
const PALETTE = ["#4338ca", "#0891b2", "#f59e0b", "#10b981", "#e11d48", "#8b5cf6", "#64748b", "#84cc16", "#f97316", "#0ea5e9"];
/** A solve that is outdated and has run this long is abandoned (the worker is restarted). */
const ABANDON_AFTER_MS = 1200;
const DEBOUNCE_MS = 120;

const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) el.append(c);
  return el;
};

const TEMPLATE = `
<header class="top">
  <div class="brand"><strong>capmix</strong><span>least-cost AI accelerator capacity across clouds</span></div>
  <div class="toolbar">
    <label class="inline" for="preset">Scenario
      <select id="preset" name="preset"></select>
    </label>
    <label class="button file-input" id="file-label">Load scenario file…
      <input type="file" id="file" name="file" accept=".toml,.json,application/json,application/toml,text/plain" aria-label="Load scenario file (TOML or JSON)">
    </label>
    <button type="button" id="share" title="Copy a link to this plan">Copy link</button>
  </div>
</header>
<div class="scenario-line" id="scenario-line" aria-live="polite"></div>
<div class="layout">
  <aside class="controls" aria-label="Controls">
    <form id="controls">
      <fieldset id="fs-demand">
        <legend>Demand</legend>
        <div class="slider">
          <div class="row"><label for="demand">Demand scale</label><output id="demand-out" for="demand"></output></div>
          <input type="range" id="demand" name="demand" min="0.25" max="3" step="0.05">
          <div class="hint" id="demand-hint"></div>
        </div>
        <div class="slider" id="growth-wrap">
          <div class="row"><label for="growth">Growth per period</label><output id="growth-out" for="growth"></output></div>
          <input type="range" id="growth" name="growth" min="-0.1" max="0.3" step="0.01">
        </div>
      </fieldset>
      <fieldset id="fs-providers">
        <legend>Providers</legend>
        <div class="checks" id="providers"></div>
        <div class="hint">Cap: most of each workload's demand one provider may deliver (empty = the policy's max share).</div>
      </fieldset>
      <fieldset id="fs-accelerators">
        <legend>Accelerators</legend>
        <div class="chips" id="accelerators"></div>
      </fieldset>
      <fieldset id="fs-policy">
        <legend>Policy</legend>
        <div class="slider">
          <div class="row"><label for="share-max">Max share per provider</label><output id="share-max-out" for="share-max"></output></div>
          <input type="range" id="share-max" name="share-max" min="0.1" max="1" step="0.05">
        </div>
        <div class="slider">
          <div class="row"><label for="region-max">Max share per region</label><output id="region-max-out" for="region-max"></output></div>
          <input type="range" id="region-max" name="region-max" min="0.1" max="1" step="0.05">
          <div class="hint">No provider/region delivers more than this share of serving demand.</div>
        </div>
        <div class="slider">
          <div class="row"><label for="coverage">Outage coverage</label><output id="coverage-out" for="coverage"></output></div>
          <input type="range" id="coverage" name="coverage" min="0" max="1" step="0.05">
          <div class="hint" id="coverage-hint">Share of demand still served if any one provider is lost.</div>
        </div>
        <div class="slider">
          <div class="row"><label for="spot">Max spot share</label><output id="spot-out" for="spot"></output></div>
          <input type="range" id="spot" name="spot" min="0" max="1" step="0.05">
          <div class="hint" id="spot-hint">Preemptible capacity carries at most this share of serving demand.</div>
        </div>
        <label class="check"><input type="checkbox" id="integer" name="integer"> Whole instances (integer units)</label>
      </fieldset>
      <div class="actions">
        <button type="button" id="reset">Reset controls</button>
        <a class="button" id="download-scenario" download="scenario.json">Scenario JSON</a>
        <a class="button" id="download-plan" download="plan.json">Plan JSON</a>
      </div>
    </form>
  </aside>
  <main class="results" aria-label="Results">
    <div class="statusbar" role="status" aria-live="polite">
      <span class="pill" id="status-pill">starting</span>
      <span id="status-text">Loading the engine…</span>
      <progress id="progress" max="1" hidden></progress>
    </div>
    <div class="alert" id="error" role="alert" hidden></div>
    <div class="notice" id="notice" hidden></div>
    <div class="kpis" id="kpis">
      <div class="kpi main"><div class="label">Total cost</div><div class="value" id="kpi-total">–</div><div class="sub" id="kpi-total-sub"></div></div>
      <div class="kpi"><div class="label">Cost per period</div><div class="value" id="kpi-period">–</div><div class="sub" id="kpi-period-sub"></div></div>
      <div class="kpi"><div class="label">Policies add</div><div class="value" id="kpi-policy">–</div><div class="sub" id="kpi-policy-sub"></div></div>
      <div class="kpi"><div class="label">Outage coverage achieved</div><div class="value" id="kpi-coverage">–</div><div class="sub" id="kpi-coverage-sub"></div></div>
    </div>
    <span class="stale-note" id="kpi-stale">Recalculating…</span>
    <ul class="headline" id="headline" aria-label="Summary"></ul>
    <section class="card" id="card-chart" aria-labelledby="h-chart">
      <h3 id="h-chart">Cost by provider, per period <span class="stale-note">out of date</span></h3>
      <figure id="chart-providers"></figure>
    </section>
    <div class="grid2">
      <section class="card" id="card-policies" aria-labelledby="h-policies">
        <h3 id="h-policies">Price of each policy <span class="stale-note">out of date</span></h3>
        <div id="policies" class="policy-list"><p class="empty">Computing…</p></div>
      </section>
      <section class="card" id="card-curve" aria-labelledby="h-curve">
        <h3 id="h-curve">Cost vs outage coverage <span class="stale-note">out of date</span></h3>
        <figure id="chart-curve"><p class="empty">Computing…</p></figure>
      </section>
    </div>
    <section class="card" id="card-alloc" aria-labelledby="h-alloc">
      <h3 id="h-alloc">Allocation <span class="hint">instances in each period's busiest segment</span> <span class="stale-note">out of date</span></h3>
      <div class="table-wrap" id="alloc"></div>
    </section>
    <section class="card" id="card-commit" aria-labelledby="h-commit">
      <h3 id="h-commit">Commitments to sign <span class="stale-note">out of date</span></h3>
      <div id="commit"></div>
    </section>
  </main>
</div>
<footer class="foot">
  <span id="engine"></span>
  <span>Solved in your browser by capmix (Rust → WebAssembly, microlp); no server.</span>
</footer>`;

export class CapmixCalculator extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.innerHTML = `<style>${css}</style>${TEMPLATE}`;
    this.$ = (id) => this.root.getElementById(id);
    this.jobId = 0;
    this.inFlight = null; // { id, started }
    this.pending = new Map(); // parse requests: id -> { resolve, reject }
    this.base = null; // the scenario as loaded
    this.source = null; // { preset } | { file, packed }
    this.controls = null;
    this.results = {}; // latest plan/explain/sweep with their job id and scenario
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.bind();
    this.startWorker();
    this.loadInitial().catch((e) => this.showError("Could not start", e));
    this.resizeObserver = new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.drawCharts(), 150);
    });
    this.resizeObserver.observe(this.$("card-chart"));
    if (this.urlState) {
      this.onHashChange = () => {
        if (location.hash !== this.writtenHash) this.loadFromHash().catch((e) => this.showError("Could not read the link", e));
      };
      window.addEventListener("hashchange", this.onHashChange);
    }
  }

  disconnectedCallback() {
    this.worker?.terminate();
    this.worker = null;
    this.started = false;
    this.resizeObserver?.disconnect();
    if (this.onHashChange) window.removeEventListener("hashchange", this.onHashChange);
  }

  get urlState() {
    return this.getAttribute("url-state") !== "off";
  }

  // ---- worker ---------------------------------------------------------------------------------

  startWorker() {
    this.worker?.terminate();
    for (const { reject } of this.pending.values()) reject({ message: "the engine was restarted", kind: "internal" });
    this.pending.clear();
    const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
    this.worker = new Worker(url, { type: "module", name: "capmix" });
    URL.revokeObjectURL(url);
    this.worker.onmessage = (e) => this.onWorkerMessage(e.data);
    this.worker.onerror = (e) => this.showError("The engine stopped", { message: e.message || "worker error" });
    const wasm = new URL(this.getAttribute("wasm") ?? "capmix_wasm_bg.wasm", SCRIPT_URL).href;
    this.worker.postMessage({ type: "init", wasmUrl: wasm });
    this.inFlight = null;
  }

  parse(text) {
    // A new scenario makes any running solve outdated: do not queue behind a long one.
    if (this.inFlight && performance.now() - this.inFlight.started > ABANDON_AFTER_MS) this.startWorker();
    const id = ++this.jobId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "parse", id, text });
    });
  }

  onWorkerMessage(msg) {
    if (msg.type === "ready") {
      this.$("engine").textContent = `capmix ${msg.version} · WebAssembly`;
      return;
    }
    if (msg.type === "fatal") {
      this.showError("The engine could not start", msg.error);
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (waiting) {
      this.pending.delete(msg.id);
      if (msg.type === "parsed") waiting.resolve(msg.scenario);
      else waiting.reject(msg.error);
      return;
    }
    if (!this.job || msg.id !== this.job.id) return; // an outdated run
    const job = this.job;
    switch (msg.type) {
      case "progress":
        this.showProgress(msg);
        break;
      case "plan":
        this.results.plan = { ...msg, scenario: job.scenario, controls: job.controls };
        this.renderPlan();
        this.setFresh(["kpis", "card-chart", "card-alloc", "card-commit"]);
        break;
      case "explain":
        this.results.explain = msg;
        this.renderExplain();
        this.setFresh(["card-policies", "kpis"]);
        break;
      case "sweep":
        this.results.sweep = { ...msg, coverage: job.controls.coverage };
        this.drawCurve();
        this.setFresh(["card-curve"]);
        break;
      case "done":
        this.inFlight = null;
        this.setStatus(this.results.plan?.plan.status ?? "done", this.doneText());
        break;
      case "error":
        this.inFlight = null;
        this.showError("This scenario cannot be planned", msg.error);
        break;
    }
  }

  // ---- loading ----------------------------------------------------------------------------------

  async loadInitial() {
    const select = this.$("preset");
    for (const p of PRESETS) select.append(h("option", { value: p.id, text: p.title }));
    select.append(h("option", { value: "", text: "Loaded file", disabled: true, hidden: true, id: "opt-file" }));
    if (this.urlState && location.hash.length > 1) return this.loadFromHash();
    const src = this.getAttribute("src");
    if (src) {
      const response = await fetch(new URL(src, document.baseURI));
      if (!response.ok) throw new Error(`cannot fetch ${src}: HTTP ${response.status}`);
      return this.loadText(await response.text(), src.split("/").pop());
    }
    return this.loadPreset(this.getAttribute("preset") ?? PRESETS[0].id);
  }

  async loadFromHash() {
    const params = readHash();
    if (params.has("scenario")) {
      let scenario;
      try {
        scenario = await unpackScenario(params.get("scenario"));
      } catch {
        throw { message: "the link's scenario is damaged (it may have been cut short)", kind: "parse" };
      }
      const parsed = await this.parse(JSON.stringify(scenario));
      const name = params.get("name") ?? "shared scenario";
      this.useScenario(parsed, { file: name, packed: params.get("scenario") }, params);
    } else {
      const id = params.get("preset");
      await this.loadPreset(PRESETS.some((p) => p.id === id) ? id : PRESETS[0].id, params);
    }
  }

  async loadPreset(id, params = null) {
    const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0];
    const scenario = await this.parse(preset.text);
    this.useScenario(scenario, { preset: preset.id }, params);
  }

  async loadText(text, fileName) {
    let scenario;
    try {
      scenario = await this.parse(text);
    } catch (e) {
      this.showError(`Could not load ${fileName}`, e, { keepResults: true });
      return;
    }
    this.useScenario(scenario, { file: fileName, packed: await packScenario(scenario) }, null);
  }

  useScenario(scenario, source, params) {
    this.base = scenario;
    this.source = source;
    this.baseDefaults = defaults(scenario);
    this.controls = params ? decodeControls(params, this.baseDefaults) : structuredClone(this.baseDefaults);
    this.results = {};
    this.clearError();
    this.renderScenarioLine();
    this.buildControls();
    this.syncControls();
    this.writeHash(true);
    this.schedule(0);
  }

  // ---- controls ---------------------------------------------------------------------------------

  bind() {
    const $ = this.$;
    $("controls").addEventListener("submit", (e) => e.preventDefault());
    $("preset").addEventListener("change", (e) => {
      if (e.target.value) this.loadPreset(e.target.value).catch((err) => this.showError("Could not load the preset", err));
    });
    $("file").addEventListener("change", async () => {
      const input = $("file");
      const file = input.files?.[0];
      if (!file) return;
      const text = await file.text();
      input.value = "";
      await this.loadText(text, file.name);
    });
    $("share").addEventListener("click", async () => {
      this.writeHash(true);
      try {
        await navigator.clipboard.writeText(location.href);
        $("share").textContent = "Link copied";
      } catch {
        $("share").textContent = "Link in the address bar";
      }
      setTimeout(() => ($("share").textContent = "Copy link"), 1800);
    });
    $("reset").addEventListener("click", () => {
      this.controls = structuredClone(this.baseDefaults);
      this.buildControls();
      this.syncControls();
      this.changed();
    });
    const slider = (id, key) =>
      $(id).addEventListener("input", (e) => {
        this.controls[key] = Number(e.target.value);
        this.syncControls();
        this.changed();
      });
    slider("demand", "demand");
    slider("growth", "growth");
    slider("share-max", "maxShare");
    slider("region-max", "regionShare");
    slider("coverage", "coverage");
    slider("spot", "spot");
    $("integer").addEventListener("change", (e) => {
      this.controls.integer = e.target.checked;
      this.changed();
    });
  }

  buildControls() {
    const inv = inventory(this.base);
    this.inventory = inv;
    const colors = this.providerColors();
    const list = this.$("providers");
    list.replaceChildren(
      ...inv.providers.map((p) => {
        const on = !this.controls.providersOff.includes(p.id);
        const cap = this.controls.caps[p.id];
        return h(
          "div",
          { class: "check" },
          h("input", {
            type: "checkbox",
            id: `prov-${p.id}`,
            checked: on,
            onchange: (e) => this.toggle("providersOff", p.id, e.target.checked),
          }),
          h("span", { class: "swatch", style: `background:${colors.get(p.id)}` }),
          h("label", { for: `prov-${p.id}`, text: p.id }),
          h("span", { class: "count", text: `${p.offerings} offer${p.offerings === 1 ? "" : "s"}` }),
          h(
            "span",
            { class: "cap" },
            h("label", { for: `cap-${p.id}`, class: "sr-only", text: `Share cap for ${p.id}, percent` }),
            h("input", {
              type: "number",
              id: `cap-${p.id}`,
              min: "0",
              max: "100",
              step: "5",
              inputmode: "numeric",
              placeholder: "–",
              value: cap == null ? "" : String(Math.round(cap * 1000) / 10),
              onchange: (e) => this.setCap(p.id, e.target),
            }),
            "%",
          ),
        );
      }),
    );
    const accs = this.$("accelerators");
    accs.replaceChildren(
      ...inv.accelerators.map((a) =>
        h(
          "label",
          { class: "chip", title: `${a.offerings} offerings` },
          h("input", {
            type: "checkbox",
            checked: !this.controls.acceleratorsOff.includes(a.id),
            onchange: (e) => this.toggle("acceleratorsOff", a.id, e.target.checked),
          }),
          a.id,
        ),
      ),
    );
  }

  toggle(key, id, on) {
    const set = new Set(this.controls[key]);
    if (on) set.delete(id);
    else set.add(id);
    this.controls[key] = [...set];
    this.changed();
  }

  setCap(id, input) {
    const text = input.value.trim();
    const v = Number(text);
    if (text === "") this.controls.caps[id] = null;
    else if (Number.isFinite(v) && v >= 0 && v <= 100) this.controls.caps[id] = Math.round(v * 10) / 1000;
    else {
      input.value = this.controls.caps[id] == null ? "" : String(this.controls.caps[id] * 100);
      return;
    }
    this.changed();
  }

  /** Puts the control values into the inputs and their read-outs. */
  syncControls() {
    const c = this.controls;
    const inv = this.inventory;
    const $ = this.$;
    const set = (id, value, text) => {
      $(id).value = String(value);
      $(id).setAttribute("aria-valuetext", text);
      $(`${id}-out`).textContent = text;
    };
    set("demand", c.demand, times(c.demand));
    const served = [...inv.serving, ...inv.batch];
    $("demand-hint").textContent = served.length ? `Scales ${served.join(", ")}` : "";
    $("growth-wrap").hidden = c.growth == null;
    if (c.growth != null) set("growth", c.growth, `${c.growth >= 0 ? "+" : "−"}${pct(Math.abs(c.growth))}`);
    set("share-max", c.maxShare, pct(c.maxShare));
    set("region-max", c.regionShare, pct(c.regionShare));
    set("coverage", c.coverage, pct(c.coverage));
    set("spot", c.spot, pct(c.spot));
    const noServing = inv.serving.length === 0;
    $("region-max").disabled = noServing;
    $("coverage").disabled = noServing;
    $("coverage-hint").textContent = noServing
      ? "Applies to serving workloads; this scenario has none."
      : "Share of demand still served if any one provider is lost.";
    const hasSpot = (this.base.offerings ?? []).some((o) => o.purchase === "spot");
    $("spot").disabled = noServing || !hasSpot;
    $("spot-hint").textContent = !hasSpot
      ? "This scenario has no spot offerings."
      : noServing
        ? "Applies to serving workloads; this scenario has none."
        : "Preemptible capacity carries at most this share of serving demand.";
    $("integer").checked = c.integer;
  }

  changed() {
    this.toggleAttribute("busy", true);
    this.markStale();
    this.writeHash(false);
    this.schedule(DEBOUNCE_MS);
  }

  writeHash(now) {
    if (!this.urlState || !this.base) return;
    clearTimeout(this.hashTimer);
    const write = () => {
      const params = this.source.preset
        ? new URLSearchParams({ preset: this.source.preset })
        : new URLSearchParams({ scenario: this.source.packed, name: this.source.file });
      for (const [k, v] of encodeControls(this.controls, this.baseDefaults)) params.set(k, v);
      const hash = `#${params}`;
      this.writtenHash = hash;
      if (location.hash !== hash) history.replaceState(null, "", hash);
    };
    if (now) write();
    else this.hashTimer = setTimeout(write, 250);
  }

  // ---- solving ----------------------------------------------------------------------------------

  schedule(delay) {
    this.toggleAttribute("busy", true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.solve(), delay);
  }

  solve() {
    if (!this.base || !this.worker) return;
    const scenario = applyControls(this.base, this.controls, this.baseDefaults);
    if (this.inFlight && performance.now() - this.inFlight.started > ABANDON_AFTER_MS) {
      this.startWorker(); // an outdated solve is still running: abandon it
    }
    const id = ++this.jobId;
    this.job = { id, scenario, controls: structuredClone(this.controls) };
    this.inFlight = { id, started: performance.now() };
    this.clearError();
    this.markStale();
    this.setStatus("working", "Planning…");
    this.updateDownloads(scenario);
    const curve = this.curveValues(scenario);
    if (!curve.length) {
      this.results.sweep = null;
      this.$("chart-curve").replaceChildren(
        h("p", { class: "empty", text: "Outage coverage applies to serving workloads; this scenario has none." }),
      );
      this.setFresh(["card-curve"]);
    }
    this.worker.postMessage({ type: "run", id, scenario, options: {}, curve });
  }

  /**
   * Outage-coverage values of the cost-vs-coverage curve, the current one included: 11 points,
   * or 5 when units are whole or routing is single (each of those plans is a search, not one LP).
   */
  curveValues(scenario) {
    if (!this.inventory.serving.length) return [];
    const slow = scenario.policy?.integer_units || (scenario.workloads ?? []).some((w) => w.routing === "single");
    const n = slow ? 4 : 10;
    const values = Array.from({ length: n + 1 }, (_, i) => i / n);
    const current = this.controls.coverage;
    if (!values.some((v) => Math.abs(v - current) < 1e-9)) values.push(current);
    return values.sort((a, b) => a - b);
  }

  showProgress(msg) {
    const bar = this.$("progress");
    bar.hidden = false;
    if (msg.stage === "plan") {
      bar.removeAttribute("value");
      const what = { start: "Planning…", validated: "Building the model…", solving: "Solving…", verifying: "Verifying the plan…" }[msg.phase];
      const size = this.lastVariables ? ` (${num(this.lastVariables, 0)} variables)` : "";
      if (msg.phase === "validated") this.lastVariables = msg.variables;
      this.setStatus("working", `${what ?? "Planning…"}${msg.phase === "solving" ? size : ""}`);
    } else if (msg.stage === "explain") {
      bar.removeAttribute("value");
      this.setStatus("working", "Pricing each policy and single-cloud baselines…");
    } else if (msg.stage === "sweep") {
      bar.max = msg.total;
      bar.value = msg.done;
      this.setStatus("working", `Cost vs coverage: ${msg.done} of ${msg.total} plans`);
    }
  }

  setStatus(kind, text) {
    const pill = this.$("status-pill");
    pill.className = `pill ${kind}`;
    pill.textContent = kind === "working" ? "working" : kind.replace(/_/g, " ");
    this.$("status-text").textContent = text;
    if (kind !== "working") this.$("progress").hidden = true;
    this.toggleAttribute("busy", kind === "working");
  }

  doneText() {
    const p = this.results.plan;
    if (!p) return "";
    const e = this.results.explain;
    const s = this.results.sweep;
    const parts = [`${p.plan.method} · ${num(p.plan.model_size.variables, 0)} variables · plan ${duration(p.ms)}`];
    if (e) parts.push(`explain ${duration(e.ms)} (${e.explanation.solves} plans)`);
    if (s) parts.push(`curve ${duration(s.ms)}`);
    return parts.join(" · ");
  }

  markStale() {
    for (const id of ["kpis", "card-chart", "card-policies", "card-curve", "card-alloc", "card-commit"]) {
      if (this.$(id).dataset.filled) this.$(id).classList.add("stale");
    }
  }

  setFresh(ids) {
    for (const id of ids) {
      const el = this.$(id);
      el.classList.remove("stale");
      el.dataset.filled = "1";
    }
  }

  // ---- errors -----------------------------------------------------------------------------------

  showError(title, error, { keepResults = false } = {}) {
    const box = this.$("error");
    const path = error?.path ? h("code", { text: error.path }) : null;
    const reason = error?.reason ?? error?.message ?? String(error);
    box.replaceChildren(
      h("strong", { text: title }),
      path ? h("span", {}, path, ": ") : null,
      h("span", { text: reason }),
      keepResults && this.results.plan ? h("div", { class: "hint", text: "The last plan is still shown below." }) : null,
    );
    box.hidden = false;
    const plan = this.results.plan?.plan;
    if (keepResults && plan && !this.inFlight) this.setStatus(plan.status, "File refused; the plan shown is unchanged.");
    else this.setStatus("error", keepResults ? "The scenario was not changed." : "Showing the last valid plan, if any.");
  }

  clearError() {
    this.$("error").hidden = true;
  }

  // ---- rendering ----------------------------------------------------------------------------------

  providerColors() {
    const order = providerOrder(this.base);
    return new Map(order.map((id, i) => [id, PALETTE[i % PALETTE.length]]));
  }

  renderScenarioLine() {
    const s = this.base;
    const line = this.$("scenario-line");
    const preset = PRESETS.find((p) => p.id === this.source.preset);
    const periods = s.horizon.periods;
    const facts = `${periods} period${periods === 1 ? "" : "s"}${s.horizon.start ? ` from ${s.horizon.start}` : ""} · ${(s.providers ?? []).length} providers · ${(s.offerings ?? []).length} offerings · ${(s.workloads ?? []).length} workload${(s.workloads ?? []).length === 1 ? "" : "s"}`;
    line.replaceChildren(
      h("span", { class: "name", text: s.name || this.source.file || "Scenario" }),
      h("span", { text: facts }),
      preset ? h("a", { href: new URL(`presets/${preset.file}`, SCRIPT_URL).href, text: "scenario file", target: "_blank", rel: "noopener" }) : h("span", { text: `from ${this.source.file}` }),
      preset?.blurb ? h("span", { class: "blurb", text: preset.blurb }) : null,
    );
    const select = this.$("preset");
    const opt = this.$("opt-file");
    if (preset) {
      select.value = preset.id;
      opt.hidden = true;
    } else {
      opt.hidden = false;
      opt.textContent = `File: ${this.source.file}`;
      select.value = "";
    }
  }

  updateDownloads(scenario) {
    const link = (id, doc, name) => {
      const a = this.$(id);
      if (a.dataset.url) URL.revokeObjectURL(a.dataset.url);
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      a.href = url;
      a.dataset.url = url;
      a.download = name;
    };
    const stem = (this.source.preset ?? this.source.file ?? "scenario").replace(/\.(toml|json)$/i, "");
    link("download-scenario", scenario, `${stem}.json`);
    this.$("download-plan").toggleAttribute("hidden", true);
    this.planLink = (plan) => {
      link("download-plan", plan, `${stem}-plan.json`);
      this.$("download-plan").hidden = false;
    };
  }

  renderPlan() {
    const { plan } = this.results.plan;
    this.planLink?.(plan);
    const $ = this.$;
    const has = plan.total_cost != null;
    const periods = plan.periods.length;
    $("kpi-total").textContent = has ? usdShort(plan.total_cost) : plan.status.replace(/_/g, " ");
    $("kpi-total-sub").textContent = has
      ? `${usd(plan.total_cost)}${plan.costs.shortfall_penalty > 0 ? ` + ${usdShort(plan.costs.shortfall_penalty)} shortfall penalties` : ""}`
      : "no plan meets every rule";
    const byPeriod = plan.costs.by_period;
    $("kpi-period").textContent = has ? usdShort(byPeriod.reduce((a, b) => a + b, 0) / Math.max(periods, 1)) : "–";
    $("kpi-period-sub").textContent = has && byPeriod.length
      ? `average; ${usdShort(Math.min(...byPeriod))} to ${usdShort(Math.max(...byPeriod))}`
      : "";
    const cov = plan.achieved.outage_coverage;
    if (cov.length) {
      const worst = cov.reduce((a, b) => (b.coverage < a.coverage ? b : a));
      $("kpi-coverage").textContent = pct(worst.coverage);
      $("kpi-coverage-sub").textContent = `target ${pct(worst.target)}${worst.worst_provider ? ` · worst loss: ${worst.worst_provider}` : ""}`;
    } else {
      $("kpi-coverage").textContent = "–";
      $("kpi-coverage-sub").textContent = "no serving workload";
    }
    if (!has) this.showInfeasible(plan);
    else $("notice").hidden = true;
    this.drawProviderChart();
    this.renderAllocation(plan);
    this.renderCommitments(plan);
  }

  showInfeasible(plan) {
    const notice = this.$("notice");
    const d = plan.diagnosis;
    const lines = d?.summary?.length ? d.summary.slice(0, 4) : plan.notes.slice(0, 3);
    notice.replaceChildren(
      h("strong", { text: `No plan: the scenario is ${plan.status.replace(/_/g, " ")}.` }),
      h("ul", {}, lines.map((t) => h("li", { text: t }))),
    );
    notice.hidden = false;
  }

  drawCharts() {
    if (this.results.plan) this.drawProviderChart();
    if (this.results.sweep) this.drawCurve();
  }

  drawProviderChart() {
    const fig = this.$("chart-providers");
    const { plan } = this.results.plan;
    if (plan.total_cost == null) {
      fig.replaceChildren(h("p", { class: "empty", text: "No plan to chart." }));
      return;
    }
    const rows = costByProviderPeriod(plan).filter((r) => r.cost > 0);
    const colors = this.providerColors();
    const providers = [...colors.keys()].filter((p) => rows.some((r) => r.provider === p));
    const width = Math.max(300, fig.clientWidth || 640);
    const chart = Plot.plot({
      width,
      height: 280,
      marginLeft: 64,
      marginBottom: width / plan.periods.length < 70 ? 56 : 30,
      style: { fontSize: "12px", background: "transparent" },
      ariaLabel: `Stacked bar chart of cost by provider for each of ${plan.periods.length} periods`,
      x: { domain: plan.periods.map((p) => p.label), label: null, padding: 0.25, tickRotate: width / plan.periods.length < 70 ? -45 : 0 },
      y: { label: "USD", grid: true, tickFormat: usdShort, nice: true },
      color: { domain: providers, range: providers.map((p) => colors.get(p)), legend: true },
      marks: [
        Plot.barY(rows, {
          x: "label",
          y: "cost",
          fill: "provider",
          order: providers,
          title: (d) => `${d.provider} · ${d.label}\n${usd(d.cost)}`,
          tip: true,
        }),
        Plot.ruleY([0]),
      ],
    });
    const totals = h(
      "table",
      { class: "period-table" },
      h("caption", { text: "Cost per period (the bars' totals)" }),
      h("thead", {}, h("tr", {}, h("th", { class: "text", text: "Period" }), plan.periods.map((p) => h("th", { text: p.label })))),
      h("tbody", {}, h("tr", {}, h("td", { class: "text", text: "USD" }), plan.costs.by_period.map((v) => h("td", { text: usdShort(v) })))),
    );
    fig.replaceChildren(chart, h("div", { class: "table-wrap", style: "max-height:none;margin-top:8px" }, totals));
  }

  renderExplain() {
    const e = this.results.explain.explanation;
    const $ = this.$;
    $("headline").replaceChildren(...e.headline.slice(0, 5).map((t) => h("li", { text: t })));
    const items = [];
    const amounts = e.policies.map((p) => Math.abs(p.extra_cost_usd ?? 0));
    const np = e.baselines?.no_policy;
    if (np?.policies_add_usd != null) amounts.push(Math.abs(np.policies_add_usd));
    const max = Math.max(1e-9, ...amounts);
    for (const p of e.policies) {
      const infeasible = p.makes_infeasible;
      items.push(
        h(
          "div",
          { class: `policy${infeasible ? " infeasible" : ""}`, title: p.sentence },
          h("span", { class: "what", text: p.setting }),
          h(
            "span",
            { class: "amount" },
            infeasible ? "makes it infeasible" : p.extra_cost_usd == null ? p.relaxed_status.replace(/_/g, " ") : usdSigned(p.extra_cost_usd),
            p.extra_cost_pct != null && !infeasible ? h("span", { class: "rel", text: pctSigned(p.extra_cost_pct) }) : null,
          ),
          h("span", { class: "bar", "aria-hidden": "true" }, h("span", { style: `width:${(100 * Math.abs(p.extra_cost_usd ?? 0)) / max}%` })),
        ),
      );
    }
    if (np && np.relaxed.length > 1 && np.policies_add_usd != null) {
      items.push(
        h(
          "div",
          { class: "policy baseline", title: np.sentence },
          h("span", { class: "what", text: "All policies together" }),
          h("span", { class: "amount" }, usdSigned(np.policies_add_usd), np.policies_add_pct != null ? h("span", { class: "rel", text: pctSigned(np.policies_add_pct) }) : null),
          h("span", { class: "bar", "aria-hidden": "true" }, h("span", { style: `width:${(100 * Math.abs(np.policies_add_usd)) / max}%` })),
        ),
      );
    }
    const b = e.baselines;
    if (b?.best_single) {
      const best = b.providers.find((p) => p.provider === b.best_single);
      items.push(
        h(
          "div",
          { class: "policy baseline", title: best?.sentence ?? "" },
          h("span", { class: "what", text: `Best single cloud: ${b.best_single}` }),
          h("span", { class: "amount" }, usdShort(best?.objective), best?.vs_plan_pct != null ? h("span", { class: "rel", text: `${pctSigned(best.vs_plan_pct)} vs plan` }) : null),
        ),
      );
    } else if (b && b.providers.length) {
      items.push(h("div", { class: "policy baseline" }, h("span", { class: "what", text: "No single provider can carry this scenario alone." })));
    }
    $("policies").replaceChildren(...(items.length ? items : [h("p", { class: "empty", text: "No active policy restricts this plan." })]));
    const policyKpi = np?.policies_add_usd;
    $("kpi-policy").textContent = policyKpi != null ? usdSigned(policyKpi) : "–";
    $("kpi-policy-sub").textContent =
      np?.objective != null ? `vs ${usdShort(np.objective)} with no policy${np.policies_add_pct != null ? ` (${pctSigned(np.policies_add_pct)})` : ""}` : "";
  }

  drawCurve() {
    const fig = this.$("chart-curve");
    const s = this.results.sweep;
    if (!s) return;
    const rows = s.sweep.rows.map((r) => ({ ...r, cost: r.objective }));
    const ok = rows.filter((r) => r.cost != null);
    const bad = rows.filter((r) => r.cost == null);
    const current = s.coverage;
    const here = ok.find((r) => Math.abs(r.value - current) < 1e-9);
    const width = Math.max(280, fig.clientWidth || 420);
    const chart = Plot.plot({
      width,
      height: 250,
      marginLeft: 64,
      marginBottom: 40,
      style: { fontSize: "12px", background: "transparent" },
      ariaLabel: "Line chart of total cost against the outage coverage target",
      x: { domain: [0, 1], label: "outage coverage target →", tickFormat: (v) => pct(v) },
      y: { label: "USD", grid: true, tickFormat: usdShort, nice: true, zero: false },
      marks: [
        Plot.line(rows, { x: "value", y: "cost", stroke: "#4338ca", strokeWidth: 2 }),
        Plot.dot(ok, {
          x: "value",
          y: "cost",
          fill: "#4338ca",
          r: 3,
          title: (d) => `coverage ${pct(d.value)}: ${usd(d.cost)}${d.outage_coverage != null ? `\nachieved ${pct(d.outage_coverage)}` : ""}`,
          tip: true,
        }),
        Plot.ruleX([current], { stroke: "#94a3b8", strokeDasharray: "4,3" }),
        here ? Plot.dot([here], { x: "value", y: "cost", r: 6, stroke: "#e11d48", strokeWidth: 2, fill: "white" }) : null,
        here ? Plot.text([here], { x: "value", y: "cost", text: () => "this plan", dx: -10, dy: -12, textAnchor: "end", fill: "#e11d48", fontWeight: 600 }) : null,
        Plot.dot(bad, { x: "value", frameAnchor: "bottom", dy: -6, symbol: "times", stroke: "#b91c1c", r: 5 }),
        bad.length ? Plot.text(bad.slice(0, 1), { x: "value", frameAnchor: "bottom", dy: -18, text: () => "infeasible", fill: "#b91c1c", textAnchor: "start", dx: -4 }) : null,
      ],
    });
    const note = h("p", {
      class: "hint",
      text: bad.length
        ? `Above ${pct(Math.max(...ok.map((r) => r.value), 0))} coverage no plan exists. Each point is one full plan (${rows.length} plans).`
        : `Each point is one full plan (${rows.length} plans); the dashed line is the current setting.`,
    });
    fig.replaceChildren(chart, note);
  }

  renderAllocation(plan) {
    const wrap = this.$("alloc");
    const rows = allocationPivot(plan);
    if (!rows.length) {
      wrap.replaceChildren(h("p", { class: "empty", text: plan.total_cost == null ? "No plan." : "Nothing allocated." }));
      return;
    }
    const multi = new Set(rows.map((r) => r.workload)).size > 1;
    const colors = this.providerColors();
    const table = h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          multi ? h("th", { class: "text", scope: "col", text: "Workload" }) : null,
          h("th", { class: "text", scope: "col", text: "Offering" }),
          h("th", { class: "text", scope: "col", text: "Type" }),
          plan.periods.map((p) => h("th", { scope: "col", text: p.label })),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            {},
            multi ? h("td", { class: "text", text: r.workload }) : null,
            h("th", { class: "text", scope: "row" }, h("span", { class: "swatch", style: `display:inline-block;margin-right:6px;background:${colors.get(r.provider)}` }), r.offering),
            h("td", { class: "text", text: `${r.accelerator} · ${r.purchase.replace("_", "-")}` }),
            r.units.map((u) => h("td", { class: u > 1e-9 ? "" : "zero", text: u > 1e-9 ? num(u, u < 10 ? 2 : 1) : "·" })),
          ),
        ),
      ),
    );
    wrap.replaceChildren(table);
  }

  renderCommitments(plan) {
    const wrap = this.$("commit");
    if (!plan.commitments.length) {
      wrap.replaceChildren(h("p", { class: "empty", text: plan.total_cost == null ? "No plan." : "No new commitment: on-demand, spot and existing commitments carry the plan." }));
      return;
    }
    const label = (t) => plan.periods[t - 1]?.label ?? `after the horizon (P${t})`;
    const table = h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Offering", "Sign in", "Units", "Active", "Term", "Cost in horizon", "Cost after"].map((t, i) =>
            h("th", { scope: "col", class: i < 2 || i === 3 ? "text" : "", text: t }),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        plan.commitments.map((c) =>
          h(
            "tr",
            {},
            h("th", { class: "text", scope: "row", text: c.offering }),
            h("td", { class: "text", text: label(c.period) }),
            h("td", { text: num(c.units, 2) }),
            h("td", { class: "text", text: `${label(c.first_active_period)} → ${c.last_active_period > plan.periods.length ? `+${c.last_active_period - plan.periods.length} after` : label(c.last_active_period)}` }),
            h("td", { text: `${c.term_periods}${c.lead_periods ? ` (+${c.lead_periods} lead)` : ""}` }),
            h("td", { text: usdShort(c.cost_in_horizon) }),
            h("td", { text: usdShort(c.cost_beyond_horizon) }),
          ),
        ),
      ),
    );
    wrap.replaceChildren(h("div", { class: "table-wrap" }, table));
  }
}

if (!customElements.get("capmix-calculator")) customElements.define("capmix-calculator", CapmixCalculator);
