//! WebAssembly bindings (placeholder until issue 6 lands).
