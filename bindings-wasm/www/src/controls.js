// The controls panel: sliders, provider and accelerator switches, per-provider caps. It owns
// the inputs, not the state: it writes the element's control values (the object of
// scenario-edit.js `defaults`) and calls `onChange`; the element turns them into edits.

import { h } from "./dom.js";
import { pct, shareInput, shareSigned, times } from "./format.js";

const SLIDERS = [
  ["demand", "demand"],
  ["growth", "growth"],
  ["share-max", "maxShare"],
  ["region-max", "regionShare"],
  ["coverage", "coverage"],
  ["spot", "spot"],
  ["risk", "risk"],
  ["prob", "prob"],
];

export class ControlPanel {
  /** `$`: id lookup in the shadow root; `onChange()`: after any control moved. */
  constructor($, onChange) {
    this.$ = $;
    this.onChange = onChange;
    this.values = null;
    this.inventory = null;
    for (const [id, key] of SLIDERS) {
      $(id).addEventListener("input", (e) => {
        this.values[key] = Number(e.target.value);
        this.sync();
        this.onChange();
      });
    }
    $("integer").addEventListener("change", (e) => {
      this.values.integer = e.target.checked;
      this.onChange();
    });
  }

  /** Builds the lists of a scenario (`inventory`) and shows `values` (kept by reference). */
  show(inventory, values, colors) {
    this.inventory = inventory;
    this.values = values;
    this.buildProviders(colors);
    this.buildAccelerators();
    this.sync();
  }

  buildProviders(colors) {
    this.$("providers").replaceChildren(
      ...this.inventory.providers.map((p) => {
        const cap = this.values.caps[p.id];
        return h(
          "div",
          { class: "check" },
          h("input", {
            type: "checkbox",
            id: `prov-${p.id}`,
            checked: !this.values.providersOff.includes(p.id),
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
              value: shareInput(cap),
              onchange: (e) => this.setCap(p.id, e.target),
            }),
            "%",
          ),
        );
      }),
    );
  }

  buildAccelerators() {
    this.$("accelerators").replaceChildren(
      ...this.inventory.accelerators.map((a) =>
        h(
          "label",
          { class: "chip", title: `${a.offerings} offerings` },
          h("input", {
            type: "checkbox",
            checked: !this.values.acceleratorsOff.includes(a.id),
            onchange: (e) => this.toggle("acceleratorsOff", a.id, e.target.checked),
          }),
          a.id,
        ),
      ),
    );
  }

  toggle(key, id, on) {
    const set = new Set(this.values[key]);
    if (on) set.delete(id);
    else set.add(id);
    this.values[key] = [...set];
    this.onChange();
  }

  /** A cap in percent: empty clears it; anything but 0–100 puts the previous value back. */
  setCap(id, input) {
    const text = input.value.trim();
    const v = Number(text);
    if (text === "") this.values.caps[id] = null;
    else if (Number.isFinite(v) && v >= 0 && v <= 100) this.values.caps[id] = Math.round(v * 10) / 1000;
    else {
      input.value = shareInput(this.values.caps[id]);
      return;
    }
    this.onChange();
  }

  /** Puts the values into the inputs and their read-outs; disables what cannot apply. */
  sync() {
    const c = this.values;
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
    if (c.growth != null) set("growth", c.growth, shareSigned(c.growth));
    set("share-max", c.maxShare, pct(c.maxShare));
    set("region-max", c.regionShare, pct(c.regionShare));
    set("coverage", c.coverage, pct(c.coverage));
    set("spot", c.spot, pct(c.spot));
    const noServing = inv.serving.length === 0;
    const servingOnly = "Applies to serving workloads; this scenario has none.";
    $("region-max").disabled = noServing;
    $("coverage").disabled = noServing;
    $("coverage-hint").textContent = noServing ? servingOnly : "Share of demand still served if any one provider is lost.";
    $("spot").disabled = noServing || !inv.spot;
    $("spot-hint").textContent = !inv.spot
      ? "This scenario has no spot offerings."
      : noServing
        ? servingOnly
        : "Preemptible capacity carries at most this share of serving demand.";
    $("integer").checked = c.integer;
    this.syncUncertain();
  }

  /** The risk and probability sliders: shown only with demand scenarios. */
  syncUncertain() {
    const c = this.values;
    const inv = this.inventory;
    const $ = this.$;
    const uncertain = inv.scenarios.length > 0;
    $("risk-wrap").hidden = !uncertain;
    $("prob-wrap").hidden = !uncertain || c.prob == null;
    if (!uncertain) return;
    const alpha = c.risk ?? 0;
    $("risk").value = String(alpha);
    $("risk").disabled = c.risk == null;
    const words = c.risk == null ? String(inv.risk).replace("_", " ") : alpha === 0 ? "expected cost" : `CVaR ${alpha.toFixed(2)}`;
    $("risk").setAttribute("aria-valuetext", words);
    $("risk-out").textContent = words;
    $("risk-hint").textContent =
      c.risk == null
        ? `The scenario's own risk measure (${words}) is not a CVaR level; it is kept as the file sets it.`
        : `0 plans for the expected cost; ${alpha > 0 ? alpha.toFixed(2) : "0.9"} for the mean of the worst ${Math.round(100 * (1 - (alpha > 0 ? alpha : 0.9)))}% of demand outcomes.`;
    if (c.prob != null) {
      $("prob").value = String(c.prob);
      $("prob").setAttribute("aria-valuetext", pct(c.prob));
      $("prob-out").textContent = pct(c.prob);
      $("prob-label").textContent = `Probability of “${c.probName}”`;
    }
  }
}
