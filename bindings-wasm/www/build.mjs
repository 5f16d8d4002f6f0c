// Bundles the calculator into www/dist (run by ../build.sh after pkg-web/ exists):
//   dist/capmix-calculator.js   the custom element, with Observable Plot, the presets and the
//                               worker (as text, started from a Blob URL) inlined: one script tag
//   dist/capmix_wasm_bg.wasm    the engine, fetched by the worker from beside the script
//   dist/highs.wasm             HiGHS (npm package `highs`), fetched by the worker likewise
//   dist/presets/<id>.toml      the preset scenario files, copied from examples/scenarios
//   dist/presets/<id>.json      the same, self-contained (catalogs resolved by the native
//                               examples/resolve_scenario.rs): what the calculator plans
//   dist/catalogs/*.csv         the price catalogs the TOML presets include
//   dist/index.html             the demo page
import * as esbuild from "esbuild";
import { copyFile, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const dist = path.join(here, "dist");
const pkg = path.resolve(here, "../pkg-web");

/** The presets: scenario files of the repository, with a title and a line for the picker. */
export const PRESETS = [
  {
    id: "chatgpt-2025",
    title: "ChatGPT-2025 story",
    blurb:
      "ChatGPT-scale chat traffic, July–December 2025, across Azure, CoreWeave, Google Cloud, AWS and OCI: provider caps, 50% outage coverage, 10% spot, an existing CoreWeave commitment and a Q4 batch job.",
  },
  {
    id: "startup-70b",
    title: "Startup serving one model",
    blurb: "A startup serving a 70B model on Lambda and CoreWeave, growing 15% a month; whole instances.",
  },
  {
    id: "served-model",
    title: "Served model and SLO",
    blurb:
      "Llama-3.1-70B chat at 300 req/s (+10% a month) with 2 s TTFT and 100 ms TPOT across CoreWeave, OCI, Lambda and Google Cloud: no throughput figures, capmix estimates what each instance delivers; pick another model, precision or target and the plan follows.",
  },
  {
    id: "uncertain-growth",
    title: "Uncertain growth",
    blurb:
      "Chat demand growing 4%, 8% or 12% a month (25/50/25): one set of 1-year commitments on Azure, CoreWeave and Google Cloud that holds up in every future, with spot and on-demand for the rest; whole instances.",
  },
  {
    id: "training-deadline",
    title: "Training deadline",
    blurb: "A 70B pretraining run that must finish by December on one accelerator type, plus ablations, across five providers.",
  },
];

async function main() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(path.join(dist, "presets"), { recursive: true });

  // The presets, resolved as the CLI reads them (catalogs loaded), so that the browser plans
  // exactly what `capmix plan examples/scenarios/<id>.toml` plans.
  const files = PRESETS.map((p) => path.join(root, "examples/scenarios", `${p.id}.toml`));
  const resolver = process.env.CAPMIX_RESOLVE ?? path.join(root, "target/debug/examples/resolve_scenario");
  const resolved = JSON.parse(execFileSync(resolver, files, { encoding: "utf8", maxBuffer: 64 << 20 }));
  const presets = [];
  await mkdir(path.join(dist, "catalogs"), { recursive: true });
  for (const [i, p] of PRESETS.entries()) {
    const file = `${p.id}.toml`;
    await copyFile(files[i], path.join(dist, "presets", file));
    const text = JSON.stringify(resolved[files[i]], null, 1);
    await writeFile(path.join(dist, "presets", `${p.id}.json`), text);
    presets.push({ ...p, file, text });
  }
  // The catalogs the TOML presets include (`../catalogs/*.csv`), so their links work.
  for (const csv of await readdir(path.join(root, "examples/catalogs"))) {
    await copyFile(path.join(root, "examples/catalogs", csv), path.join(dist, "catalogs", csv));
  }

  const common = { bundle: true, format: "esm", target: ["es2022"], minify: true, legalComments: "none", logLevel: "warning" };

  // The worker first: its bundle becomes a string inside the element's bundle.
  // `highs` imports Node.js modules only when it runs under Node.js: never in the worker.
  const worker = await esbuild.build({
    ...common,
    entryPoints: [path.join(here, "src/worker.js")],
    write: false,
    external: ["node:*"],
  });
  const workerSource = worker.outputFiles[0].text;

  const virtual = {
    name: "capmix-virtual",
    setup(build) {
      build.onResolve({ filter: /^capmix:/ }, (args) => ({ path: args.path, namespace: "capmix" }));
      build.onLoad({ filter: /.*/, namespace: "capmix" }, (args) => {
        if (args.path === "capmix:worker-source") return { contents: workerSource, loader: "text" };
        if (args.path === "capmix:presets") return { contents: `export const PRESETS = ${JSON.stringify(presets)};`, loader: "js" };
        return undefined;
      });
    },
  };
  const result = await esbuild.build({
    ...common,
    entryPoints: [path.join(here, "src/capmix-calculator.js")],
    outfile: path.join(dist, "capmix-calculator.js"),
    loader: { ".css": "text" },
    plugins: [virtual],
    metafile: true,
  });

  await copyFile(path.join(pkg, "capmix_wasm_bg.wasm"), path.join(dist, "capmix_wasm_bg.wasm"));
  await copyFile(path.join(here, "../node_modules/highs/build/highs.wasm"), path.join(dist, "highs.wasm"));
  await copyFile(path.join(here, "index.html"), path.join(dist, "index.html"));

  const size = async (f) => (await stat(path.join(dist, f))).size;
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`www/dist/capmix-calculator.js  ${kb(await size("capmix-calculator.js"))} (worker ${kb(workerSource.length)} inlined)`);
  console.log(`www/dist/capmix_wasm_bg.wasm   ${kb(await size("capmix_wasm_bg.wasm"))}`);
  console.log(`www/dist/highs.wasm             ${kb(await size("highs.wasm"))}`);
  console.log(`www/dist/presets/              ${presets.map((p) => `${p.id}.{toml,json}`).join(", ")}`);
  if (result.warnings.length) console.log(`${result.warnings.length} bundler warnings`);
}

await main();
