// The served-model picker: which model the scenario's first served workload runs, at which
// precision, request shape and latency targets. Like the control panel it owns the inputs,
// not the state: it writes `values.serving` (scenario-edit.js `defaults`) and calls
// `onChange`; the element turns the values into edits and the engine estimates again.

import { h } from "./dom.js";

/** An input's number: `null` for an empty target field, `undefined` when it is not valid. */
function read(input, { min, optional }) {
  const text = input.value.trim();
  if (text === "") return optional ? null : undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v < min) return undefined;
  return optional && v === 0 ? null : v;
}

const FIELDS = [
  ["in-tokens", "inputTokens", { min: 1, optional: false }],
  ["out-tokens", "outputTokens", { min: 1, optional: false }],
  ["ttft", "ttft", { min: 0, optional: true }],
  ["tpot", "tpot", { min: 0, optional: true }],
];

export class ModelPicker {
  /** `$`: id lookup in the shadow root; `onChange()`: after a serving input changed. */
  constructor($, onChange) {
    this.$ = $;
    this.onChange = onChange;
    this.values = null;
    this.registry = [];
    $("model").addEventListener("change", (e) => this.set("model", e.target.value));
    $("precision").addEventListener("change", (e) => this.set("precision", e.target.value));
    for (const [id, key, rule] of FIELDS) {
      // `change`, not `input`: a number is planned once it is typed, not at every digit.
      $(id).addEventListener("change", (e) => {
        const v = read(e.target, rule);
        if (v === undefined) {
          this.sync();
          return;
        }
        this.set(key, rule.min >= 1 ? Math.round(v) : v);
      });
    }
  }

  /** The registry's model names (the engine's `models()`), for the list. */
  setRegistry(names) {
    this.registry = names ?? [];
    if (this.values) this.sync();
  }

  /** Shows the picker for `inventory.served` (hidden without a served model). */
  show(inventory, values) {
    this.inventory = inventory;
    this.values = values;
    this.sync();
  }

  set(key, value) {
    if (this.values.serving[key] === value) return;
    this.values.serving[key] = value;
    this.sync();
    this.onChange();
  }

  sync() {
    const $ = this.$;
    const v = this.values?.serving;
    const served = this.inventory?.served;
    $("fs-model").hidden = served == null || v?.model == null;
    if ($("fs-model").hidden) return;
    // The scenario's own models first, then the registry; the current name is always there.
    const names = [...new Set([...this.inventory.ownModels, ...this.registry, v.model])];
    const select = $("model");
    select.replaceChildren(...names.map((n) => h("option", { value: n, text: n, selected: n === v.model })));
    select.value = v.model;
    $("precision").value = v.precision;
    for (const [id, key] of FIELDS) $(id).value = v[key] == null ? "" : String(v[key]);
    $("model-hint").textContent =
      `Applies to workload “${served}”. Throughputs are estimated again for every accelerator the ` +
      "scenario does not give a figure for; an empty target is none.";
  }
}
