// The calculator's Web Worker: runs the capmix WebAssembly module off the main thread.
//
// Messages in:
//   { type: "init", wasmUrl }
//   { type: "parse", id, text }                       -> "parsed" (valid scenario) | "error"
//   { type: "run", id, scenario, options, curve }     -> "progress"*, "plan", "explain", "sweep", "done"
//     (`curve`: outage-coverage values of the cost-vs-coverage sweep; empty for none)
// A newer "run" makes an older one stop at its next stage; the page also terminates a worker
// whose outdated solve takes too long.

import init, * as capmix from "../../pkg-web/capmix_wasm.js";

let ready;
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

async function run({ id, scenario, options, curve }) {
  const stale = () => id !== latest;
  const timed = (f) => {
    const t0 = performance.now();
    const value = f();
    return [value, performance.now() - t0];
  };
  try {
    post({ type: "progress", id, stage: "plan", phase: "start" });
    const [plan, ms] = timed(() => capmix.plan(scenario, options, (p) => post({ type: "progress", id, stage: "plan", ...p })));
    post({ type: "plan", id, plan, ms });
    await tick();
    if (stale()) return;

    post({ type: "progress", id, stage: "explain", phase: "start" });
    const [explanation, ems] = timed(() => capmix.explain(scenario, { plan: { ...options, shadow_prices: true } }));
    post({ type: "explain", id, explanation, ms: ems });
    await tick();
    if (stale()) return;

    if (curve?.length) {
      const values = curve;
      post({ type: "progress", id, stage: "sweep", done: 0, total: values.length });
      const [sweep, sms] = timed(() =>
        capmix.sweep(scenario, "policy.outage_coverage", values, options, (done, total) =>
          post({ type: "progress", id, stage: "sweep", done, total }),
        ),
      );
      post({ type: "sweep", id, sweep, ms: sms });
    }
    post({ type: "done", id });
  } catch (e) {
    post({ type: "error", id, error: plainError(e) });
  }
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    ready = init({ module_or_path: msg.wasmUrl }).then(
      () => post({ type: "ready", version: capmix.version() }),
      (e) => post({ type: "fatal", error: plainError(e) }),
    );
    return;
  }
  await ready;
  if (msg.type === "parse") {
    try {
      const scenario = capmix.parseScenario(msg.text);
      capmix.validate(scenario); // a file that breaks a rule is refused at once, with its path
      post({ type: "parsed", id: msg.id, scenario });
    } catch (e) {
      post({ type: "error", id: msg.id, error: plainError(e) });
    }
  } else if (msg.type === "run") {
    latest = msg.id;
    await run(msg);
  }
};
