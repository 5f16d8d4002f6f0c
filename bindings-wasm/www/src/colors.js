// Provider colours of the charts, the tables and the provider switches. A provider keeps its
// colour across scenarios: known clouds have a fixed colour, any other id takes the slot of
// its hash in a palette that avoids the fixed ones. Only when two ids of one scenario hash to
// the same slot does the later one (in the scenario's order) move to the next free slot.

const KNOWN = {
  azure: "#0284c7",
  aws: "#f59e0b",
  gcp: "#16a34a",
  coreweave: "#4f46e5",
  oci: "#dc2626",
  lambda: "#c026d3",
};

const PALETTE = ["#0891b2", "#65a30d", "#ea580c", "#0d9488", "#a16207", "#64748b", "#1e3a8a", "#be185d", "#57534e", "#4d7c0f"];

/** FNV-1a of the id: the same slot on every page and for every scenario. */
function hash(id) {
  let x = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    x ^= id.charCodeAt(i);
    x = Math.imul(x, 0x01000193) >>> 0;
  }
  return x;
}

/** Provider id → colour for the providers of `scenario`, in its order. */
export function providerColors(scenario) {
  const ids = (scenario?.providers ?? []).map((p) => p.id);
  const colors = new Map();
  const used = new Set();
  for (const id of ids) {
    const known = KNOWN[id.toLowerCase()];
    if (known) {
      colors.set(id, known);
      used.add(known);
    }
  }
  for (const id of ids) {
    if (colors.has(id)) continue;
    const start = hash(id) % PALETTE.length;
    let slot = start;
    for (let k = 0; k < PALETTE.length && used.has(PALETTE[slot]); k++) slot = (start + k + 1) % PALETTE.length;
    colors.set(id, PALETTE[slot]);
    used.add(PALETTE[slot]);
  }
  return colors;
}
