//! Model architecture: the few numbers a serving estimate needs, and what follows from them
//! (weight bytes, KV-cache bytes per token, FLOPs per token).
//!
//! A [`ModelArch`] is either a registry entry ([`super::registry`]) or a scenario's
//! `[[models]]` table; unknown keys are rejected, and [`ModelArch::validate`] bounds every
//! number so that nothing downstream overflows, divides by zero or loops long.

use super::types::ServingError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Attention variant, which decides the KV-cache size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Attention {
    /// Multi-head or grouped-query attention: K and V per KV head (`kv_heads = attention_heads`
    /// is plain multi-head attention).
    Gqa,
    /// Multi-head latent attention (DeepSeek V2/V3): one compressed latent of
    /// `kv_lora_rank + qk_rope_head_dim` elements per token and layer.
    Mla,
}

/// Default RoPE key dimension of MLA (DeepSeek-V3's `qk_rope_head_dim`).
pub const DEFAULT_MLA_ROPE_DIM: u32 = 64;

/// One model's architecture. Parameters are in billions (10⁹).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelArch {
    /// Canonical name (`llama-3.1-70b`).
    pub name: Cow<'static, str>,
    /// All parameters, billions: what the weights occupy in memory.
    pub parameters_b: f64,
    /// Parameters used per token, billions (MoE); `None` = dense (all of them).
    #[serde(default)]
    pub active_parameters_b: Option<f64>,
    /// Transformer layers.
    pub layers: u32,
    /// Model (residual) width.
    pub hidden_size: u32,
    /// Query heads.
    pub attention_heads: u32,
    /// Key/value heads (GQA); for MLA the nominal count, unused for the cache.
    pub kv_heads: u32,
    /// Per-head dimension; `None` = `hidden_size / attention_heads`.
    #[serde(default)]
    pub head_dim: Option<u32>,
    /// Attention variant.
    #[serde(default = "gqa")]
    pub attention: Attention,
    /// MLA latent rank (required with `attention = "mla"`).
    #[serde(default)]
    pub kv_lora_rank: Option<u32>,
    /// MLA RoPE key dimension; `None` = [`DEFAULT_MLA_ROPE_DIM`].
    #[serde(default)]
    pub qk_rope_head_dim: Option<u32>,
    /// Routed experts per MoE layer.
    #[serde(default)]
    pub experts: Option<u32>,
    /// Routed experts chosen per token.
    #[serde(default)]
    pub experts_per_token: Option<u32>,
    /// Sliding attention window, tokens.
    #[serde(default)]
    pub sliding_window: Option<u32>,
    /// Layers that use the window; `None` with a window = all layers.
    #[serde(default)]
    pub sliding_window_layers: Option<u32>,
    /// Vocabulary size.
    #[serde(default)]
    pub vocab_size: Option<u32>,
    /// Longest supported context, tokens.
    #[serde(default)]
    pub max_context: Option<u32>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: Cow<'static, str>,
}

fn gqa() -> Attention {
    Attention::Gqa
}

/// Bounds that keep every derived quantity small and finite.
const MAX_PARAMETERS_B: f64 = 100_000.0;
const MAX_DIM: u32 = 1 << 20;
const MAX_LAYERS: u32 = 10_000;
const MAX_TOKENS_FIELD: u32 = 1 << 30;

impl ModelArch {
    /// Parameters touched per token, billions.
    pub fn active_b(&self) -> f64 {
        self.active_parameters_b.unwrap_or(self.parameters_b)
    }

    /// Per-head dimension.
    pub fn head_dim(&self) -> u32 {
        self.head_dim
            .unwrap_or(self.hidden_size / self.attention_heads.max(1))
    }

    /// KV-cache elements per token per layer (K and V of every KV head, or the MLA latent).
    pub fn kv_elements_per_token_layer(&self) -> f64 {
        match self.attention {
            Attention::Gqa => 2.0 * f64::from(self.kv_heads) * f64::from(self.head_dim()),
            Attention::Mla => f64::from(
                self.kv_lora_rank.unwrap_or(0)
                    + self.qk_rope_head_dim.unwrap_or(DEFAULT_MLA_ROPE_DIM),
            ),
        }
    }

    /// KV-cache elements of one request whose context holds `context` tokens, summed over
    /// layers. Windowed layers hold at most `sliding_window` tokens.
    pub fn kv_elements(&self, context: f64) -> f64 {
        let per_layer = self.kv_elements_per_token_layer();
        let layers = f64::from(self.layers);
        match self.sliding_window {
            Some(w) => {
                let windowed = f64::from(self.sliding_window_layers.unwrap_or(self.layers));
                per_layer * ((layers - windowed) * context + windowed * context.min(f64::from(w)))
            }
            None => per_layer * layers * context,
        }
    }

    /// Routed expert parameters (billions) and the count per token, for MoE models whose
    /// total, active, experts and experts-per-token are all known:
    /// `active = shared + k·e`, `total = shared + E·e` gives `e = (total − active)/(E − k)`.
    pub fn expert_split(&self) -> Option<(f64, f64, f64)> {
        let (e, k) = (f64::from(self.experts?), f64::from(self.experts_per_token?));
        let active = self.active_parameters_b?;
        if e <= k {
            return None;
        }
        let per_expert = (self.parameters_b - active) / (e - k);
        let shared = active - k * per_expert;
        (per_expert >= 0.0 && shared >= 0.0).then_some((shared, per_expert, e))
    }

    /// Weight parameters (billions) one decode step reads when `tokens` tokens are routed:
    /// the shared part plus the experts at least one token picked (expected count
    /// `E·(1 − (1 − k/E)^tokens)`, tokens routed independently). Dense models read all.
    pub fn parameters_read_b(&self, tokens: f64) -> f64 {
        match (self.expert_split(), self.experts_per_token) {
            (Some((shared, per_expert, e)), Some(k)) => {
                let touched = e * (1.0 - (1.0 - f64::from(k) / e).powf(tokens.max(1.0)));
                shared + per_expert * touched
            }
            _ => self.parameters_b,
        }
    }

    /// Checks every field; `Err` names it as `models[<name>].<field>`.
    pub fn validate(&self) -> Result<(), ServingError> {
        let at = |f: &str| format!("models[{}].{f}", self.name);
        let bad = |f: &str, why: String| Err(ServingError::invalid(at(f), why));
        let p = self.parameters_b;
        if !(p.is_finite() && p > 0.0 && p <= MAX_PARAMETERS_B) {
            return bad(
                "parameters_b",
                format!("must be in (0, {MAX_PARAMETERS_B}] billions (got {p})"),
            );
        }
        if let Some(a) = self.active_parameters_b {
            if !(a.is_finite() && a > 0.0 && a <= p) {
                return bad(
                    "active_parameters_b",
                    format!("must be in (0, parameters_b = {p}] (got {a})"),
                );
            }
        }
        for (f, v, max) in [
            ("layers", self.layers, MAX_LAYERS),
            ("hidden_size", self.hidden_size, MAX_DIM),
            ("attention_heads", self.attention_heads, MAX_DIM),
            ("kv_heads", self.kv_heads, MAX_DIM),
        ] {
            if v == 0 || v > max {
                return bad(f, format!("must be in [1, {max}] (got {v})"));
            }
        }
        for (f, v) in [
            ("head_dim", self.head_dim),
            ("qk_rope_head_dim", self.qk_rope_head_dim),
            ("vocab_size", self.vocab_size),
            ("max_context", self.max_context),
            ("sliding_window", self.sliding_window),
        ] {
            if matches!(v, Some(x) if x == 0 || x > MAX_TOKENS_FIELD) {
                return bad(
                    f,
                    format!("must be in [1, {MAX_TOKENS_FIELD}] when given (got {v:?})"),
                );
            }
        }
        if self.head_dim() == 0 {
            return bad(
                "head_dim",
                "hidden_size / attention_heads is 0: give head_dim".into(),
            );
        }
        if self.attention == Attention::Gqa && self.kv_heads > self.attention_heads {
            return bad(
                "kv_heads",
                format!(
                    "must be ≤ attention_heads = {} (got {})",
                    self.attention_heads, self.kv_heads
                ),
            );
        }
        if self.attention == Attention::Mla
            && !matches!(self.kv_lora_rank, Some(r) if r > 0 && r <= MAX_DIM)
        {
            return bad(
                "kv_lora_rank",
                "attention = \"mla\" needs kv_lora_rank ≥ 1".into(),
            );
        }
        if let Some(l) = self.sliding_window_layers {
            if self.sliding_window.is_none() || l > self.layers {
                return bad(
                    "sliding_window_layers",
                    format!(
                        "needs sliding_window and must be ≤ layers = {} (got {l})",
                        self.layers
                    ),
                );
            }
        }
        match (self.experts, self.experts_per_token) {
            (Some(e), Some(k)) if k == 0 || k > e || e > MAX_DIM => bad(
                "experts_per_token",
                format!("must be in [1, experts = {e}] (got {k})"),
            ),
            (Some(_), None) | (None, Some(_)) => bad(
                "experts",
                "experts and experts_per_token go together".into(),
            ),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::registry::model;
    use super::*;

    #[test]
    fn kv_cache_per_token_by_attention_kind() {
        // Llama-3.1-70B, GQA: 2 (K,V) × 80 layers × 8 KV heads × 128 = 163 840 elements/token.
        let l = model("llama-3.1-70b").unwrap();
        assert_eq!(l.kv_elements(1.0), 163_840.0);
        // DeepSeek-V3, MLA: 61 layers × (512 + 64) = 35 136 elements/token, 4.7× less.
        let d = model("deepseek-v3").unwrap();
        assert_eq!(d.kv_elements(1.0), 35_136.0);
        // gpt-oss-120b: 18 of 36 layers see at most 128 tokens. At 1 000 tokens:
        // 2·8·64 = 1 024 per layer-token; (18·1000 + 18·128)·1024 = 20 791 296.
        let g = model("gpt-oss-120b").unwrap();
        assert_eq!(g.kv_elements(1000.0), 20_791_296.0);
    }

    #[test]
    fn moe_split_and_expert_reads() {
        // Mixtral 8x7B: e = (47 − 13)/(8 − 2) = 5.667 B per expert, shared = 13 − 2e = 1.667 B.
        let m = model("mixtral-8x7b").unwrap();
        let (shared, e, n) = m.expert_split().unwrap();
        assert!((e - 34.0 / 6.0).abs() < 1e-9 && (shared - (13.0 - 68.0 / 6.0)).abs() < 1e-9);
        assert_eq!(n, 8.0);
        // One token reads its 2 experts = the active parameters; many tokens read them all.
        assert!((m.parameters_read_b(1.0) - 13.0).abs() < 1e-9);
        assert!((m.parameters_read_b(1000.0) - 47.0).abs() < 1e-6);
        assert_eq!(model("llama-3.1-8b").unwrap().parameters_read_b(1.0), 8.0);
    }

    #[test]
    fn validation_names_the_field() {
        let mut m = model("llama-3.1-8b").unwrap().clone();
        m.layers = 0;
        assert!(m
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("models[llama-3.1-8b].layers:"));
        let mut m = model("llama-3.1-8b").unwrap().clone();
        m.parameters_b = f64::NAN;
        assert!(m.validate().is_err());
        m.parameters_b = 8.0;
        m.active_parameters_b = Some(9.0);
        assert!(m.validate().is_err());
        let toml_like = r#"{"name":"x","parameters_b":1,"layers":2,"hidden_size":64,
            "attention_heads":4,"kv_heads":4,"typo":1}"#;
        assert!(serde_json::from_str::<ModelArch>(toml_like).is_err());
        for m in super::super::registry::MODELS {
            m.arch.validate().unwrap();
        }
    }
}
