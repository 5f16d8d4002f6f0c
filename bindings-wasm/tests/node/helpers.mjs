// Shared helpers of the Node tests: the module built by build.sh (pkg-node), the repository's
// fixtures and presets, and a reader of the hand-written TypeScript declarations.
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CRATE = path.resolve(HERE, "../..");
export const ROOT = path.resolve(CRATE, "..");
export const FIXTURES = path.join(ROOT, "tests/fixtures");
/** The calculator's presets: `{ id, file (the TOML in examples/scenarios), text }`, where
 * `text` is the self-contained JSON that build.sh resolved (catalogs loaded) into www/dist. */
export const PRESETS = ["chatgpt-2025", "startup-70b", "training-deadline", "uncertain-growth", "served-model"].map((id) => ({
  id,
  file: path.join(ROOT, "examples/scenarios", `${id}.toml`),
  get text() {
    return readFileSync(path.join(CRATE, "www/dist/presets", `${id}.json`), "utf8");
  },
}));

const require = createRequire(import.meta.url);
/** The capmix module for Node.js (`--target nodejs`). */
export const capmix = require(path.join(CRATE, "pkg-node/capmix_wasm.js"));

/** `{ file, path, text, expected }` for every fixture; throws when one has no entry. */
export function fixtures() {
  const expected = JSON.parse(readFileSync(path.join(FIXTURES, "expected.json"), "utf8"));
  const files = readdirSync(FIXTURES).filter((f) => f !== "expected.json" && f !== "README.md").sort();
  return files.map((file) => {
    if (!(file in expected)) throw new Error(`fixture ${file} has no entry in expected.json`);
    const p = path.join(FIXTURES, file);
    return { file, path: p, text: readFileSync(p, "utf8"), expected: expected[file] };
  });
}

/** Relative closeness, as the fixtures' README asks (1e-6). */
export function close(a, b, rel = 1e-6) {
  if (a == null || b == null) return a == b;
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The interfaces of a .d.ts file: `{ Name: { key: { optional, type } } }`, for interfaces
 * whose members are one per line (nested object types are read as one member).
 */
export function interfaces(dts) {
  const out = {};
  const lines = dts.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^export interface (\w+)(?: extends \w+)? \{\s*$/.exec(lines[i]);
    if (!m) continue;
    const members = {};
    let depth = 1;
    for (i++; i < lines.length && depth > 0; i++) {
      const line = lines[i];
      // Doc comments may hold unbalanced brackets.
      if (/^\s*(\/\*\*|\*)/.test(line)) continue;
      if (depth === 1) {
        const member = /^\s{2}(\w+)(\?)?:\s*(.*)$/.exec(line);
        if (member) members[member[1]] = { optional: Boolean(member[2]), type: member[3].replace(/;\s*$/, "") };
      }
      depth += (line.match(/[{(]/g) ?? []).length - (line.match(/[})]/g) ?? []).length;
    }
    i--;
    out[m[1]] = members;
  }
  return out;
}

/** The native CLI to compare with: `CAPMIX_CLI`, else a built one in target/, else null. */
export function nativeCli() {
  if (process.env.CAPMIX_CLI) return process.env.CAPMIX_CLI;
  for (const p of ["target/release/capmix", "target/debug/capmix"]) {
    const full = path.join(ROOT, p);
    if (existsSync(full)) return full;
  }
  return null;
}
