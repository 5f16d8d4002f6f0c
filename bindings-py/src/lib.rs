//! Python bindings (placeholder until issue 5 lands).
