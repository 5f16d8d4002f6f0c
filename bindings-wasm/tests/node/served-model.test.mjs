// The calculator's served-model picker: its controls as edits of the workload's model,
// precision, request shape and latency targets, and the plans that follow, against the real
// engine's Session (the throughputs are estimated again by core).
import { test } from "node:test";
import assert from "node:assert/strict";
import { capmix, close, PRESETS } from "./helpers.mjs";
import { controlEdits, decodeControls, defaults, encodeControls, inventory } from "../../www/src/scenario-edit.js";

const text = PRESETS.find((p) => p.id === "served-model").text;
const loaded = (() => {
  const s = new capmix.Session(text);
  const base = s.scenario();
  s.free();
  return base;
})();

/** The plan with the serving values `v` over the scenario's (whole instances off: each
 * throughput moves the cost, not only the instance count). */
function planWith(v) {
  const base = defaults(loaded);
  const c = { ...structuredClone(base), integer: false };
  Object.assign(c.serving, v);
  const s = new capmix.Session(text);
  s.setEdits(controlEdits(c, base));
  const plan = s.plan();
  s.free();
  return plan;
}

const source = (plan, acc) => plan.throughput_sources.find((s) => s.accelerator === acc);

/** The engine's estimate of one 8-chip unit of `acc` for the picker's values. */
function estimate(acc, v) {
  const [row] = capmix.estimate({
    model: v.model,
    accelerator: acc,
    chips: 8,
    precision: v.precision,
    input_tokens: v.inputTokens,
    output_tokens: v.outputTokens,
    ttft_ms: v.ttft,
    tpot_ms: v.tpot,
  });
  return row;
}

test("the picker's values are the workload's model, precision, request and targets", () => {
  assert.equal(inventory(loaded).served, "chat");
  assert.deepEqual(defaults(loaded).serving, {
    workload: "chat",
    model: "llama-3.1-70b",
    precision: "fp8",
    inputTokens: 1000,
    outputTokens: 300,
    ttft: 2000,
    tpot: 100,
  });
  // The flagship's chat names its model too (its A100 figures are estimated).
  const flagship = new capmix.Session(PRESETS.find((p) => p.id === "chatgpt-2025").text);
  assert.deepEqual(defaults(flagship.scenario()).serving, {
    workload: "chat",
    model: "llama-2-70b",
    precision: "fp8",
    inputTokens: 400,
    outputTokens: 294,
    ttft: 2000,
    tpot: 200,
  });
  flagship.free();
  // Scenarios without a served model have no picker and no serving edits.
  for (const p of PRESETS.filter((p) => p.id !== "served-model" && p.id !== "chatgpt-2025")) {
    const s = new capmix.Session(p.text);
    const d = defaults(s.scenario());
    s.free();
    assert.equal(d.serving.model, null, p.id);
    assert.deepEqual(controlEdits({ ...d, serving: { ...d.serving, model: "x" } }, d), [], p.id);
  }
});

test("each serving control is its edit, and they survive the URL", () => {
  const base = defaults(loaded);
  const c = structuredClone(base);
  Object.assign(c.serving, { model: "llama-3.1-8b", precision: "bf16", inputTokens: 2000, outputTokens: 500, ttft: null, tpot: 50 });
  assert.deepEqual(controlEdits(c, base), [
    ["workloads.chat.model", "llama-3.1-8b"],
    ["workloads.chat.precision", "bf16"],
    ["workloads.chat.input_tokens", 2000],
    ["workloads.chat.output_tokens", 500],
    ["workloads.chat.ttft_ms", 0],
    ["workloads.chat.tpot_ms", 50],
  ]);
  const params = new URLSearchParams(encodeControls(c, base).toString());
  assert.equal(params.get("model"), "llama-3.1-8b");
  assert.deepEqual(decodeControls(params, base), c);
  const junk = new URLSearchParams("precision=fp3&in=0&out=-2&tpot=abc");
  assert.deepEqual(decodeControls(junk, base), base, "bad values keep the scenario's");
});

test("the plan follows the latency target: the estimator's figures, and a tighter target costs more", () => {
  const v = defaults(loaded).serving;
  const loose = planWith({});
  const tight = planWith({ tpot: 40 });
  for (const [plan, tpot] of [
    [loose, 100],
    [tight, 40],
  ]) {
    assert.equal(plan.verification.passed, true);
    const b200 = source(plan, "B200");
    const e = estimate("B200", { ...v, tpot });
    assert.ok(close(b200.throughput, e.requests_per_second_per_chip, 1e-9), `${b200.throughput} vs ${e.requests_per_second_per_chip}`);
    assert.ok(b200.tpot_ms <= tpot);
  }
  assert.ok(tight.total_cost > loose.total_cost, `${tight.total_cost} > ${loose.total_cost}`);
  // The single-chip TPU v6e cannot hold 70 GB of FP8 weights: listed, with the reason.
  const tpu = source(loose, "TPU-v6e");
  assert.equal(tpu.throughput, null);
  assert.match(tpu.reason, /does not fit/);
});

test("another model or precision is estimated again", () => {
  const v = defaults(loaded).serving;
  const base = planWith({});
  const small = planWith({ model: "llama-3.1-8b" });
  assert.ok(close(source(small, "H100").throughput, estimate("H100", { ...v, model: "llama-3.1-8b" }).requests_per_second_per_chip, 1e-9));
  assert.ok(small.total_cost < base.total_cost);
  // At BF16 the 70B model needs twice the memory per weight; the TPU stays unusable.
  const bf16 = planWith({ precision: "bf16" });
  assert.ok(close(source(bf16, "H200").throughput, estimate("H200", { ...v, precision: "bf16" }).requests_per_second_per_chip, 1e-9));
  assert.ok(bf16.total_cost > base.total_cost);
  assert.ok(capmix.models().includes("llama-3.1-70b"));
});

test("the session's scenario, saved and loaded again, estimates again (the figures are not given)", () => {
  assert.deepEqual(loaded.workloads[0].throughput, {}, "no estimated figure in the saved scenario");
  const a = new capmix.Session(text);
  const b = new capmix.Session(loaded);
  b.setEdits([["workloads.chat.tpot_ms", 40]]);
  a.setEdits([["workloads.chat.tpot_ms", 40]]);
  assert.deepEqual(b.plan().throughput_sources, a.plan().throughput_sources);
  assert.equal(b.plan().total_cost, a.plan().total_cost);
  a.free();
  b.free();
});

test("an unknown model is refused with the field, and the session keeps its plan", () => {
  const s = new capmix.Session(text);
  const before = s.plan().total_cost;
  assert.throws(
    () => s.setEdits([["workloads.chat.model", "gpt-17"]]),
    (e) => e instanceof Error && e.path === "workloads[0].model" && /unknown model `gpt-17`/.test(e.message),
  );
  assert.deepEqual(s.edits(), []);
  assert.equal(s.plan().total_cost, before);
  assert.equal(s.solves(), 1);
  s.free();
});
