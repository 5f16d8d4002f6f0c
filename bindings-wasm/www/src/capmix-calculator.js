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
//   highs="…/highs.wasm"       where HiGHS (the npm package `highs`) is (default: beside this
//                              script); highs="off" plans with microlp alone
//
// This element holds the state (scenario source, control values, latest results) and wires
// the parts: the engine in a Web Worker (worker-client.js) holds the scenario as a capmix
// Session; the controls (controls.js) become parameter-path edits (scenario-edit.js); the
// engine's documents are drawn by results.js and charts.js.

import css from "./calculator.css";
import workerSource from "capmix:worker-source";
import { PRESETS } from "capmix:presets";
import { h } from "./dom.js";
import { TEMPLATE } from "./template.js";
import { Engine } from "./worker-client.js";
import { ControlPanel } from "./controls.js";
import { ModelPicker } from "./model-picker.js";
import { renderThroughput } from "./throughput-view.js";
import { controlEdits, decodeControls, defaults, encodeControls, inventory } from "./scenario-edit.js";
import { explainFailed, renderAllocation, renderCommitments, renderExplain, renderKpis, stageFailed } from "./results.js";
import { drawCurve, drawProviderChart } from "./charts.js";
import { renderScenarios } from "./fan-chart.js";
import { providerColors } from "./colors.js";
import { packScenario, readHash, unpackScenario } from "./url-state.js";
import { downloadLink, renderScenarioLine } from "./scenario-line.js";
import { duration, num, words } from "./format.js";
import { StaleMarks } from "./stale.js";

const SCRIPT_URL = import.meta.url;
const DEBOUNCE_MS = 120;

export class CapmixCalculator extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.innerHTML = `<style>${css}</style>${TEMPLATE}`;
    this.$ = (id) => this.root.getElementById(id);
    this.stale = new StaleMarks(this.$);
    this.base = null; // the scenario as the session sees it (expanded), before edits
    this.source = null; // { preset } | { file, packed }
    this.controls = null;
    this.results = {}; // latest plan / explain / sweep messages of the engine
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.panel = new ControlPanel(this.$, () => this.changed());
    this.picker = new ModelPicker(this.$, () => this.changed());
    this.bind();
    const wasm = new URL(this.getAttribute("wasm") ?? "capmix_wasm_bg.wasm", SCRIPT_URL).href;
    const highsAttr = this.getAttribute("highs");
    const highs = highsAttr === "off" ? null : new URL(highsAttr ?? "highs.wasm", SCRIPT_URL).href;
    this.engine = new Engine(workerSource, wasm, highs, this.engineHandlers());
    this.engine.start();
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
    this.engine?.stop();
    this.started = false;
    this.resizeObserver?.disconnect();
    if (this.onHashChange) window.removeEventListener("hashchange", this.onHashChange);
  }

  get urlState() {
    return this.getAttribute("url-state") !== "off";
  }

  /** Runs, base solves (the engine's count) and restarts so far, and the last run's counts. */
  get engineStats() {
    return structuredClone(this.engine?.stats ?? null);
  }

  // ---- engine -----------------------------------------------------------------------------------

  engineHandlers() {
    return {
      ready: (version, solver, highs, models) => {
        this.picker.setRegistry(models);
        const engine = solver === "highs" ? `HiGHS ${highs?.version ?? ""}`.trim() : "microlp";
        const note = highs?.error ? ` (HiGHS could not start: ${highs.error})` : "";
        this.$("engine").textContent = `capmix ${version} · WebAssembly · ${engine}${note}`;
      },
      fatal: (error) => this.showError("The engine could not start", error),
      crashed: (message) => this.showError("The engine stopped", { message }),
      progress: (msg) => this.showProgress(msg),
      plan: (msg) => {
        this.results.plan = { ...msg, controls: this.job.controls };
        this.results.explain = null;
        this.updateDownloads(msg.scenario);
        this.renderPlan();
        this.stale.fresh("plan");
      },
      explain: (msg) => {
        this.results.explain = msg.error ? null : msg;
        if (msg.error) explainFailed(this.$, msg.error);
        else renderExplain(this.$, msg.explanation);
        this.stale.fresh("explain");
      },
      sweep: (msg) => {
        this.results.sweep = msg.error ? null : { ...msg, coverage: this.job.controls.coverage, plan: this.results.plan?.plan };
        if (msg.error) stageFailed(this.$("chart-curve"), "The curve could not be computed", msg.error);
        else this.drawCharts();
        this.stale.fresh("sweep");
      },
      done: () => this.setStatus(this.results.plan?.plan.status ?? "done", this.doneText()),
      error: (msg) => this.showError("This scenario cannot be planned", msg.error),
    };
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
      const loaded = await this.engine.load(scenario);
      const name = params.get("name") ?? "shared scenario";
      this.useScenario(loaded, { file: name, packed: params.get("scenario") }, params);
    } else {
      const id = params.get("preset");
      await this.loadPreset(PRESETS.some((p) => p.id === id) ? id : PRESETS[0].id, params);
    }
  }

  async loadPreset(id, params = null) {
    const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0];
    this.useScenario(await this.engine.load(preset.text), { preset: preset.id }, params);
  }

  async loadText(text, fileName) {
    let loaded;
    try {
      loaded = await this.engine.load(text);
    } catch (e) {
      this.showError(`Could not load ${fileName}`, e, { keepResults: true });
      return;
    }
    this.useScenario(loaded, { file: fileName, packed: await packScenario(loaded.scenario) }, null);
  }

  /** A scenario the engine loaded (`{ scenario, base }`), with controls from the URL or as written. */
  useScenario(loaded, source, params) {
    this.base = loaded.base;
    this.source = source;
    this.inventory = inventory(this.base);
    this.baseDefaults = defaults(this.base);
    const accelerators = this.inventory.accelerators.map((a) => a.id);
    this.controls = params ? decodeControls(params, this.baseDefaults, accelerators) : structuredClone(this.baseDefaults);
    this.results = {};
    this.clearError();
    this.renderScenarioLine();
    this.panel.show(this.inventory, this.controls, this.colors());
    this.picker.show(this.inventory, this.controls);
    this.updateDownloads(this.base);
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
      this.panel.show(this.inventory, this.controls, this.colors());
      this.picker.show(this.inventory, this.controls);
      this.changed();
    });
    $("cancel").addEventListener("click", () => this.cancel());
    $("to-controls").addEventListener("click", () => $("controls").scrollIntoView({ behavior: "smooth", block: "start" }));
  }

  changed() {
    this.stale.markAll();
    this.setStatus("working", "Waiting for the controls to settle…");
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
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.solve(), delay);
  }

  solve() {
    if (!this.base || !this.engine) return;
    const edits = controlEdits(this.controls, this.baseDefaults);
    const id = this.engine.run(edits, this.curveValues());
    this.job = { id, controls: structuredClone(this.controls), edits };
    // The link names the controls being planned before their results can show (a run may
    // finish before the delayed write of a moving control would have come).
    this.writeHash(true);
    this.clearError();
    this.stale.markAll();
    this.setStatus("working", "Planning…");
    if (!this.inventory.serving.length) {
      this.results.sweep = null;
      this.$("chart-curve").replaceChildren(h("p", { class: "empty", text: "Outage coverage applies to serving workloads; this scenario has none." }));
      this.stale.fresh("sweep");
    }
  }

  /** Stops the solve in flight; the results shown stay, marked out of date. */
  cancel() {
    clearTimeout(this.timer);
    if (this.engine.busy) this.engine.cancel();
    this.job = null;
    const had = this.results.plan != null;
    this.setStatus(
      "cancelled",
      had ? "Cancelled. The results shown are for the previous settings." : "Cancelled before the first plan.",
    );
    this.stale.cancel();
  }

  /**
   * Outage-coverage targets of the cost-vs-coverage curve besides the current one (whose plan
   * is the session's): 11 points, or 5 when units are whole or routing is single (each of
   * those plans is a search, not one LP).
   */
  curveValues() {
    if (!this.inventory.serving.length) return [];
    const n = this.controls.integer || this.inventory.single ? 4 : 10;
    const current = this.controls.coverage;
    return Array.from({ length: n + 1 }, (_, i) => i / n).filter((v) => Math.abs(v - current) > 1e-9);
  }

  showProgress(msg) {
    const bar = this.$("progress");
    bar.hidden = false;
    if (msg.stage === "plan") {
      bar.removeAttribute("value");
      this.setStatus("working", msg.phase === "solving" ? "Solving the plan…" : "Planning…");
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
    const working = kind === "working";
    pill.className = `pill ${kind}`;
    pill.textContent = working ? "working" : words(kind);
    this.$("status-text").textContent = text;
    this.$("progress").hidden = !working || this.$("progress").hidden;
    this.$("cancel").hidden = !working;
    this.$("results").setAttribute("aria-busy", String(working));
    this.toggleAttribute("busy", working);
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
    if (keepResults && plan && !this.engine.busy) this.setStatus(plan.status, "File refused; the plan shown is unchanged.");
    else this.setStatus("error", keepResults ? "The scenario was not changed." : "Showing the last valid plan, if any.");
  }

  clearError() {
    this.$("error").hidden = true;
  }

  // ---- rendering --------------------------------------------------------------------------------

  colors() {
    return providerColors(this.base);
  }

  renderScenarioLine() {
    const preset = PRESETS.find((p) => p.id === this.source.preset);
    renderScenarioLine(this.$, this.base, this.source, preset, preset && new URL(`presets/${preset.file}`, SCRIPT_URL).href);
  }

  /** "Scenario JSON" is exactly what is planned: the session's edited scenario. */
  updateDownloads(scenario) {
    const stem = (this.source.preset ?? this.source.file ?? "scenario").replace(/\.(toml|json)$/i, "");
    downloadLink(this.$("download-scenario"), scenario, `${stem}.json`);
    const plan = this.results.plan?.plan;
    if (plan) downloadLink(this.$("download-plan"), plan, `${stem}-plan.json`);
    this.$("download-plan").hidden = !plan;
  }

  renderPlan() {
    const { plan } = this.results.plan;
    renderKpis(this.$, plan, this.results.plan.scenario, this.results.plan.words);
    this.drawCharts();
    renderThroughput(this.$("card-throughput"), this.$("throughput"), this.$("throughput-hint"), plan, this.results.plan.scenario);
    renderAllocation(this.$("alloc"), plan, this.colors());
    renderCommitments(this.$("commit"), plan);
  }

  drawCharts() {
    if (this.results.plan) {
      drawProviderChart(this.$("chart-providers"), this.results.plan.plan, this.colors());
      renderScenarios(this.$("card-scenarios"), this.$("chart-fan"), this.$("scenarios"), this.results.plan.plan);
    }
    const s = this.results.sweep;
    if (s) drawCurve(this.$("chart-curve"), s.sweep, s.coverage, s.plan);
  }
}

if (!customElements.get("capmix-calculator")) customElements.define("capmix-calculator", CapmixCalculator);
