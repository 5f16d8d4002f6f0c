// The line under the toolbar (which scenario, its size, where it comes from) and the
// download links of the scenario and plan documents.

import { h } from "./dom.js";

const count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * Shows `scenario` from `source` (`{ preset }` or `{ file }`); `preset` is the preset's entry
 * (title, blurb) and `fileUrl` its scenario file, when it is one. Selects it in the picker.
 */
export function renderScenarioLine($, scenario, source, preset, fileUrl) {
  const s = scenario;
  const periods = s.horizon.periods;
  const facts = [
    `${count(periods, "period")}${s.horizon.start ? ` from ${s.horizon.start}` : ""}`,
    count((s.providers ?? []).length, "provider"),
    count((s.offerings ?? []).length, "offering"),
    count((s.workloads ?? []).length, "workload"),
  ].join(" · ");
  $("scenario-line").replaceChildren(
    h("span", { class: "name", text: s.name || source.file || "Scenario" }),
    h("span", { text: facts }),
    preset
      ? h("a", { href: fileUrl, text: "scenario file", target: "_blank", rel: "noopener" })
      : h("span", { text: `from ${source.file}` }),
    preset?.blurb ? h("span", { class: "blurb", text: preset.blurb }) : null,
  );
  const select = $("preset");
  const opt = $("opt-file");
  opt.hidden = Boolean(preset);
  if (preset) select.value = preset.id;
  else {
    opt.textContent = `File: ${source.file}`;
    select.value = "";
  }
}

/** Points the link `a` at a JSON download of `doc` named `name` (the previous URL is freed). */
export function downloadLink(a, doc, name) {
  if (a.dataset.url) URL.revokeObjectURL(a.dataset.url);
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
  a.href = url;
  a.dataset.url = url;
  a.download = name;
}
