// The page's side of the worker protocol (worker.js): one engine (worker + session) per
// calculator. A scenario is loaded once; each control change is one `run` of edits.
//
// Stopping a solve means terminating the worker (WebAssembly cannot be interrupted): the
// client then starts a fresh worker and loads the same scenario again, so the session always
// matches the last scenario loaded successfully.

/**
 * A solve that is outdated and has run this long is abandoned (the worker is restarted). The
 * time counts from when the run was sent to a ready worker, or from when the worker became
 * ready: a run waiting for a worker that is still downloading and compiling its modules is not
 * a long solve, and restarting that worker would only abort its downloads and start them over.
 */
export const ABANDON_AFTER_MS = 1200;

export class Engine {
  /**
   * `highsUrl`: the npm package `highs`'s highs.wasm, or null for microlp alone.
   * `handlers`: `ready(version, solver, highs, models)`, `fatal(error)`, `crashed(message)`, and per run
   * `progress(msg)`, `plan(msg)`, `explain(msg)`, `sweep(msg)`, `done(msg)`, `error(msg)`
   * (messages of the current run only).
   */
  constructor(workerSource, wasmUrl, highsUrl, handlers) {
    this.workerSource = workerSource;
    this.wasmUrl = wasmUrl;
    this.highsUrl = highsUrl;
    this.on = handlers;
    this.nextId = 0;
    this.loads = new Map(); // load id -> { resolve, reject }
    this.source = null; // the last scenario loaded successfully, to reload after a restart
    this.current = null; // { id, started } of the run in flight; `started` null until the worker is ready
    this.ready = false; // the worker has its modules (its "ready" came)
    this.now = () => performance.now();
    this.stats = { runs: 0, baseSolves: 0, restarts: 0, lastRun: null };
    this.seen = 0; // the worker's session.solves() last reported
    this.runSolves = {}; // session.solves() after the current run's plan and explain
  }

  start() {
    this.worker?.terminate();
    for (const { reject } of this.loads.values()) reject({ message: "the engine was restarted", kind: "internal" });
    this.loads.clear();
    this.current = null;
    this.ready = false;
    this.seen = 0;
    const url = URL.createObjectURL(new Blob([this.workerSource], { type: "text/javascript" }));
    this.worker = new Worker(url, { type: "module", name: "capmix" });
    URL.revokeObjectURL(url);
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => this.on.crashed?.(e.message || "worker error");
    this.worker.postMessage({ type: "init", wasmUrl: this.wasmUrl, highsUrl: this.highsUrl });
  }

  stop() {
    this.worker?.terminate();
    this.worker = null;
    this.current = null;
  }

  /** True while a run has not finished. */
  get busy() {
    return this.current != null;
  }

  /** Terminates a long outdated run before new work is queued behind it. */
  abandonLongRun() {
    const started = this.current?.started;
    if (started != null && this.now() - started > ABANDON_AFTER_MS) this.restart();
  }

  /**
   * A fresh worker holding a session of the last scenario loaded (its edits come with the next
   * run; a load that follows replaces it only if valid, so a session is always there).
   */
  restart() {
    this.stats.restarts++;
    this.start();
    if (this.source != null) this.send("load", { source: this.source });
  }

  /** Stops the run in flight, if any, and returns it; the engine takes new runs at once. */
  cancel() {
    const was = this.current;
    this.restart();
    return was;
  }

  send(type, fields) {
    const id = ++this.nextId;
    this.worker.postMessage({ type, id, ...fields });
    return id;
  }

  /**
   * Loads a scenario (text or object) into a new session; resolves to `{ scenario, base }`,
   * rejects with the engine's error (the previous session stays).
   */
  load(source) {
    this.abandonLongRun();
    this.current = null;
    return new Promise((resolve, reject) => {
      const id = this.send("load", { source });
      this.loads.set(id, {
        resolve: (msg) => {
          this.source = msg.scenario;
          resolve(msg);
        },
        reject,
      });
    });
  }

  /** Plans with `edits`, explains, and sweeps the coverage `curve`; returns the run's id. */
  run(edits, curve) {
    this.abandonLongRun();
    const id = this.send("run", { edits, curve });
    this.current = { id, started: this.ready ? this.now() : null };
    return id;
  }

  receive(msg) {
    if (msg.type === "ready") {
      this.ready = true;
      if (this.current) this.current.started ??= this.now();
      this.solver = msg.solver;
      return this.on.ready?.(msg.version, msg.solver, msg.highs, msg.models);
    }
    if (msg.type === "fatal") return this.on.fatal?.(msg.error);
    if (msg.solves != null) {
      this.stats.baseSolves += Math.max(0, msg.solves - this.seen);
      this.seen = msg.solves;
    }
    const waiting = this.loads.get(msg.id);
    if (waiting) {
      this.loads.delete(msg.id);
      if (msg.type === "loaded") waiting.resolve(msg);
      else waiting.reject(msg.error);
      return;
    }
    if (!this.current || msg.id !== this.current.id) return; // an outdated run, or a reload
    if (msg.type === "done") {
      this.current = null;
      this.stats.runs++;
      this.stats.lastRun = { id: msg.id, baseSolves: msg.baseSolves, ...this.runSolves };
      this.runSolves = {};
    } else if (msg.type === "error") {
      this.current = null;
    } else if (msg.type === "plan" || msg.type === "explain") {
      this.runSolves = { ...(msg.type === "plan" ? {} : this.runSolves), [`after_${msg.type}`]: msg.solves };
    }
    this.on[msg.type]?.(msg);
  }
}
