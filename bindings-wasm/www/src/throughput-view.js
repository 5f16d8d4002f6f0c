// The "What each accelerator delivers" card: the plan's throughput sources (one row per
// accelerator and unit size the estimator or a measurement filled), and which accelerators
// the scenario gives figures for itself (those always win).

import { h } from "./dom.js";
import { num, words } from "./format.js";

/** How a figure was found, in words (`method` of a throughput source). */
const METHOD = { roofline: "estimate", profile: "measured", none: "no spec" };

/** The accelerators whose figure workload `w` of the planned scenario gives itself. */
function given(scenario, workload, sources) {
  const w = (scenario?.workloads ?? []).find((x) => x.id === workload);
  const filled = new Set(sources.filter((s) => s.throughput != null).map((s) => s.accelerator));
  return Object.keys(w?.throughput ?? {}).filter((a) => !filled.has(a));
}

/** Fills `card` (hidden when the plan has no estimated throughput) from `plan`. */
export function renderThroughput(card, wrap, hint, plan, scenario) {
  const sources = plan.throughput_sources ?? [];
  card.hidden = sources.length === 0;
  if (!sources.length) return;
  const workloads = [...new Set(sources.map((s) => s.workload))];
  // Per chip: a serving rate in its own unit, a batch amount per hour (`Mtok` -> `Mtok/h`).
  const unitOf = (w) => (w.kind === "batch" && w.unit ? `${w.unit}/h` : (w.unit ?? "units"));
  const units = Object.fromEntries((scenario?.workloads ?? []).map((w) => [w.id, unitOf(w)]));
  const first = (scenario?.workloads ?? []).find((w) => w.id === workloads[0]);
  const shape = first?.request ? `${num(first.request.input_tokens, 0)} tokens in, ${num(first.request.output_tokens, 0)} out` : "";
  const slo = first?.slo ? [first.slo.ttft_ms != null ? `TTFT ≤ ${num(first.slo.ttft_ms, 0)} ms` : null, first.slo.tpot_ms != null ? `TPOT ≤ ${num(first.slo.tpot_ms, 0)} ms` : null].filter(Boolean).join(", ") : "";
  // BF16 is the estimate's precision when the scenario states none.
  hint.textContent = [first?.model, (first?.precision ?? "bf16").toUpperCase(), shape, slo].filter(Boolean).join(" · ");
  const head = ["Accelerator", "Chips", "TP", "Batch", "TTFT ms", "TPOT ms", "Per chip", "Source"].map((t, i) =>
    h("th", { scope: "col", class: i === 0 || i === 7 ? "text" : "", text: t }),
  );
  const parts = [];
  for (const workload of workloads) {
    const rows = sources
      .filter((s) => s.workload === workload)
      .sort((a, b) => (b.throughput ?? -1) - (a.throughput ?? -1) || a.accelerator.localeCompare(b.accelerator));
    const body = rows.map((s) =>
      h(
        "tr",
        { class: s.throughput == null ? "unfit" : "" },
        h("th", { class: "text", scope: "row", text: s.accelerator }),
        h("td", { text: String(s.chips) }),
        h("td", { text: s.tensor_parallel ? String(s.tensor_parallel) : "–" }),
        h("td", { text: s.batch ? String(s.batch) : "–" }),
        h("td", { text: num(s.ttft_ms, 0) }),
        h("td", { text: num(s.tpot_ms, 1) }),
        h("td", { text: s.throughput == null ? "cannot serve" : `${num(s.throughput, 2)} ${units[workload]}` }),
        h("td", { class: "text", title: s.note ?? s.reason ?? "", text: s.throughput == null ? (s.reason ?? "cannot serve") : (METHOD[s.method] ?? words(s.method)) }),
      ),
    );
    if (workloads.length > 1) parts.push(h("h4", { text: workload }));
    parts.push(h("table", { class: "throughput" }, h("thead", {}, h("tr", {}, head)), h("tbody", {}, body)));
    const own = given(scenario, workload, rows);
    if (own.length) parts.push(h("p", { class: "hint", text: `Given in the scenario, so never estimated: ${own.join(", ")}.` }));
  }
  wrap.replaceChildren(...parts);
}
