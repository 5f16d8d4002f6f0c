// The calculator's Web Worker: holds one capmix Session (WebAssembly) off the main thread.
//
// Messages in:
//   { type: "init", wasmUrl, highsUrl }              -> "ready" { version, solver, highs, models } | "fatal"
//       `highsUrl`: where the npm package `highs` (HiGHS compiled to WebAssembly) has its
//       highs.wasm, or null for microlp alone. With it, HiGHS solves and capmix builds,
//       certifies and verifies; if HiGHS cannot load, or its runtime aborts later, the worker
//       goes on with microlp and says so (`solver`, `highs.error`). `models`: the serving
//       registry's model names (the model picker's list).
//   { type: "load", id, source }                     -> "loaded" { scenario, base, solves } | "error"
//       `source`: TOML/JSON text or a scenario object. A session of it replaces the current
//       one only when it is valid: a refused file leaves the loaded scenario in place.
//       `scenario`: the scenario as given (parsed); `base`: as the session sees it (expanded),
//       whose ids the edits name.
//   { type: "run", id, edits, curve }                -> "progress"*, "plan", "explain", "sweep"?,
//                                                       "done" | "error"
//       "explain" and "sweep" carry their document, or `error` when that stage failed (the
//       plan stands); "error" is a run without a plan (edits refused, solver failure).
//       `edits`: [path, value] pairs; `curve`: outage-coverage values of the cost-vs-coverage
//       sweep (empty for none).
// Every reply to a run carries `solves`, the session's count of base plans: a run solves the
// base plan once (the explanation reuses it; the sweep's plans are its own), or not at all
// when the edits did not change. A newer message makes a run stop at its next stage; the page
// terminates the worker to stop a solve (cancel, or an outdated solve that runs long).

import init, * as capmix from "../../pkg-web/capmix_wasm.js";
import loadHighs from "highs";
import { highsSolver } from "./highs-link.js";

let ready;
let session = null;
let latest = 0;

const post = (msg) => self.postMessage(msg);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A thrown value as a plain object (custom properties of an Error do not survive postMessage). */
function plainError(e) {
  if (e && typeof e === "object") {
    return {
      name: e.name ?? "Error",
      message: String(e.message ?? e),
      kind: e.kind ?? "internal",
      path: e.path ?? null,
      reason: e.reason ?? String(e.message ?? e),
    };
  }
  return { name: "Error", message: String(e), kind: "internal", path: null, reason: String(e) };
}

/**
 * Links HiGHS once `loading` (the `highs` module being fetched and compiled, started beside
 * capmix's own module so that neither waits for the other) has it; `{ version }`, or
 * `{ error }` when it cannot run here; null without HiGHS.
 */
async function linkHighs(loading) {
  if (!loading) return null;
  try {
    const highs = await loading;
    const solve = highsSolver(highs);
    capmix.useHighs((program) => {
      try {
        return solve(program);
      } catch (e) {
        // An aborted runtime (out of memory, a trap) cannot solve again: back to microlp.
        if (e instanceof WebAssembly.RuntimeError) capmix.useHighs(null);
        throw e;
      }
    });
    return { version: highs.version.string };
  } catch (e) {
    capmix.useHighs(null);
    return { error: String(e?.message ?? e) };
  }
}

function timed(f) {
  const t0 = performance.now();
  const value = f();
  return [value, performance.now() - t0];
}

/** `{ ...f(), ms }`, or `{ error, ms }` when `f` throws. */
function stage(f) {
  const t0 = performance.now();
  try {
    return { ...f(), ms: performance.now() - t0 };
  } catch (e) {
    return { error: plainError(e), ms: performance.now() - t0 };
  }
}

function load({ id, source }) {
  const scenario = capmix.parseScenario(source);
  // A time limit per call (interactiveOptions): a search cut short shows its best plan
  // and its certified gap instead of keeping the page busy.
  const next = new capmix.Session(scenario, capmix.interactiveOptions());
  session?.free();
  session = next;
  post({ type: "loaded", id, scenario, base: session.scenario(), solves: session.solves() });
}

async function run({ id, edits, curve }) {
  const stale = () => id !== latest;
  const s = session;
  if (!s) throw { name: "CapmixError", kind: "internal", path: null, message: "no scenario loaded", reason: "no scenario loaded" };
  const before = s.solves();
  post({ type: "progress", id, stage: "plan", phase: "start" });
  s.setEdits(edits);
  const [plan, ms] = timed(() => s.plan((p) => post({ type: "progress", id, stage: "plan", ...p })));
  post({ type: "plan", id, plan, words: capmix.planWords(plan), scenario: s.scenario(), ms, solves: s.solves() });
  await tick();
  if (stale() || s !== session) return;

  // The plan stands on its own: a failure of a later stage is that stage's message.
  post({ type: "progress", id, stage: "explain", phase: "start" });
  post({ type: "explain", id, ...stage(() => ({ explanation: s.explain() })), solves: s.solves() });
  await tick();
  if (stale() || s !== session) return;

  if (curve?.length) {
    post({ type: "progress", id, stage: "sweep", done: 0, total: curve.length });
    const progress = (done, total) => post({ type: "progress", id, stage: "sweep", done, total });
    post({ type: "sweep", id, ...stage(() => ({ sweep: s.sweep("policy.outage_coverage", curve, progress) })), solves: s.solves() });
  }
  post({ type: "done", id, solves: s.solves(), baseSolves: s.solves() - before });
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    // Both modules download and compile at once; HiGHS is linked when capmix is ready.
    const loading = msg.highsUrl ? loadHighs({ locateFile: () => msg.highsUrl }) : null;
    loading?.catch(() => {}); // its failure is reported by linkHighs, never unhandled
    ready = init({ module_or_path: msg.wasmUrl })
      .then(async () => {
        const highs = await linkHighs(loading);
        post({ type: "ready", version: capmix.version(), solver: capmix.activeSolver(), highs, models: capmix.models() });
      })
      .catch((e) => post({ type: "fatal", error: plainError(e) }));
    return;
  }
  await ready;
  latest = msg.id;
  try {
    if (msg.type === "load") load(msg);
    else if (msg.type === "run") await run(msg);
  } catch (e) {
    post({ type: "error", id: msg.id, stage: msg.type, error: plainError(e) });
  }
};
