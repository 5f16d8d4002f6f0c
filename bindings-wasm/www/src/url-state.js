// The calculator's state in the URL hash, so that a plan can be shared by link:
//   #preset=chatgpt-2025&coverage=0.7&off=oci
//   #scenario=<deflated JSON, base64url>&name=my.toml&demand=1.5   (a loaded file)

function toBase64Url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** A scenario object as a compact URL-safe string (deflate + base64url). */
export async function packScenario(scenario) {
  const json = new TextEncoder().encode(JSON.stringify(scenario));
  return toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The scenario object of `packScenario`; throws on damaged input. */
export async function unpackScenario(text) {
  const bytes = await pipe(fromBase64Url(text), new DecompressionStream("deflate-raw"));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The hash's parameters. */
export function readHash(hash = location.hash) {
  return new URLSearchParams(hash.replace(/^#/, ""));
}
