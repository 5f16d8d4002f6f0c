// The page's side of the worker protocol (www/src/worker-client.js) against a fake Worker and
// a hand-moved clock: when an outdated run is abandoned (the worker restarted) and when not.
import { afterEach, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { ABANDON_AFTER_MS, Engine } from "../../www/src/worker-client.js";

/** Workers made so far; each records what the page posted and whether it was terminated. */
let workers = [];

class FakeWorker {
  constructor() {
    this.posted = [];
    this.terminated = false;
    workers.push(this);
  }
  postMessage(msg) {
    this.posted.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  /** The worker's reply, as the page receives it. */
  reply(msg) {
    this.onmessage({ data: msg });
  }
}

let savedWorker;
beforeEach(() => {
  workers = [];
  savedWorker = globalThis.Worker;
  globalThis.Worker = FakeWorker;
});
afterEach(() => {
  globalThis.Worker = savedWorker;
});

/** An engine on a fake worker and a clock the test moves (`clock.t`, ms). */
function engine() {
  const e = new Engine("// worker source", "capmix.wasm", null, {});
  const clock = { t: 0 };
  e.now = () => clock.t;
  e.start();
  return { e, clock, worker: () => workers.at(-1) };
}

const ready = (w) => w.reply({ type: "ready", version: "test", solver: "microlp", highs: null, models: [] });

test("an outdated run solving longer than the limit is abandoned: a fresh worker reloads the scenario", () => {
  const { e, clock, worker } = engine();
  ready(worker());
  e.source = "scenario text";
  e.run([], []);
  clock.t += ABANDON_AFTER_MS + 1;
  e.run([["workloads.*.demand_scale", 1.1]], []);
  assert.equal(workers.length, 2, "a second worker");
  assert.ok(workers[0].terminated);
  assert.equal(e.stats.restarts, 1);
  assert.deepEqual(
    worker().posted.map((m) => m.type),
    ["init", "load", "run"],
    "the fresh worker loads the scenario before the new run",
  );
});

test("an outdated run shorter than the limit is not abandoned", () => {
  const { e, clock, worker } = engine();
  ready(worker());
  e.run([], []);
  clock.t += ABANDON_AFTER_MS - 1;
  e.run([], []);
  assert.equal(workers.length, 1);
  assert.equal(e.stats.restarts, 0);
});

test("a run waiting for a worker that is still starting is not abandoned", () => {
  const { e, clock, worker } = engine();
  e.run([], []);
  // The modules take long to download and compile (a slow network or a busy machine).
  clock.t += 10 * ABANDON_AFTER_MS;
  e.run([], []);
  assert.equal(workers.length, 1, "the starting worker is kept, its downloads not aborted");
  assert.equal(e.stats.restarts, 0);
  // Once it is ready, the run in flight is timed from then.
  ready(worker());
  clock.t += ABANDON_AFTER_MS - 1;
  e.run([], []);
  assert.equal(workers.length, 1);
  clock.t += ABANDON_AFTER_MS + 1;
  e.run([], []);
  assert.equal(workers.length, 2, "a run solving too long after the worker was ready is abandoned");
});

test("after a restart, the fresh worker is not ready until it says so", () => {
  const { e, clock, worker } = engine();
  ready(worker());
  e.run([], []);
  clock.t += ABANDON_AFTER_MS + 1;
  e.run([], []); // restarts
  assert.equal(workers.length, 2);
  clock.t += 10 * ABANDON_AFTER_MS;
  e.run([], []);
  assert.equal(workers.length, 2, "the fresh worker, still starting, is kept");
});

test("a finished run is never abandoned, and replies of an outdated run are ignored", () => {
  const { e, clock, worker } = engine();
  ready(worker());
  const first = e.run([], []);
  const second = e.run([], []);
  worker().reply({ type: "done", id: first, solves: 1, baseSolves: 1 });
  assert.equal(e.stats.runs, 0, "the outdated run's reply does not count");
  assert.ok(e.busy);
  worker().reply({ type: "plan", id: second, solves: 2 });
  worker().reply({ type: "explain", id: second, solves: 2 });
  worker().reply({ type: "done", id: second, solves: 2, baseSolves: 1 });
  assert.equal(e.busy, false);
  assert.deepEqual(e.stats, {
    runs: 1,
    baseSolves: 2,
    restarts: 0,
    lastRun: { id: second, baseSolves: 1, after_plan: 2, after_explain: 2 },
  });
  clock.t += 10 * ABANDON_AFTER_MS;
  e.run([], []);
  assert.equal(workers.length, 1);
});
