//! The cost model of one model replica: `tp` chips holding one copy of the weights.
//!
//! Every time is in seconds here (the estimate reports ms). A decode step of batch `B` is
//! `max(bytes / (bandwidth·η_b), FLOPs / (peak·η_c)) + all-reduce + overhead`; a prefill of
//! `n` prompt tokens costs `FLOPs / (peak·η_c)` of replica time when batched with others
//! (weights are read once for many), and its latency alone is the roofline of the same
//! FLOPs against one full read of the weights. Steady state interleaves both: see
//! [`Replica::throughput`].

use super::chips::ChipSpec;
use super::models::{Attention, ModelArch};
use super::types::Precision;

/// Fraction of each chip's memory kept free for activations, workspaces, CUDA graphs and
/// fragmentation; the rest holds weights and KV cache.
pub const RESERVE_FRACTION: f64 = 0.10;
/// Bytes per activation element exchanged by tensor-parallel all-reduce (BF16).
pub const ACTIVATION_BYTES: f64 = 2.0;
/// Fixed latency of one all-reduce, s (10 µs: NCCL-class small-message latency).
pub const ALLREDUCE_LATENCY_S: f64 = 10e-6;

/// The calibrated efficiency factors of one vendor family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factors {
    /// Achieved fraction of peak memory bandwidth, in (0, 1].
    pub bandwidth_efficiency: f64,
    /// Achieved fraction of peak dense compute, in (0, 1].
    pub compute_efficiency: f64,
    /// Fixed cost per decode step (kernel launches, sampling, scheduling), s.
    pub step_overhead_s: f64,
}

/// One replica: the model on `tp` chips at a weight and a compute precision.
#[derive(Debug, Clone, Copy)]
pub struct Replica<'a> {
    /// The model.
    pub model: &'a ModelArch,
    /// The chip.
    pub chip: &'a ChipSpec,
    /// Chips in the replica.
    pub tp: u32,
    /// Weight storage precision.
    pub weights: Precision,
    /// Peak used for compute, TFLOPS.
    pub peak_tflops: f64,
    /// Efficiency factors.
    pub factors: Factors,
}

/// Steady-state figures of a replica at one batch size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Steady {
    /// Completed requests per second of the replica.
    pub requests_per_s: f64,
    /// Mean time per output token, s (decode step plus interleaved prefill work).
    pub tpot_s: f64,
    /// Mean time to first token, s.
    pub ttft_s: f64,
}

impl Replica<'_> {
    fn tp(&self) -> f64 {
        f64::from(self.tp)
    }

    /// Weight bytes of the whole model, GB.
    pub fn weights_gb(&self) -> f64 {
        self.model.parameters_b * self.weights.weight_bytes()
    }

    /// Memory of the replica available to weights and KV cache, GB.
    pub fn usable_gb(&self) -> f64 {
        self.tp() * self.chip.memory_gb * (1.0 - RESERVE_FRACTION)
    }

    /// How many times the KV cache is stored across the replica's chips: GQA heads are split
    /// (whole heads duplicated when `tp > kv_heads`); the MLA latent is replicated on every chip.
    pub fn kv_replication(&self) -> f64 {
        match self.model.attention {
            Attention::Mla => self.tp(),
            Attention::Gqa => {
                let kv = self.model.kv_heads.max(1);
                f64::from(kv.div_ceil(self.tp) * self.tp) / f64::from(kv)
            }
        }
    }

    /// KV cache of one request holding `context` tokens, GB over the whole replica.
    pub fn kv_gb(&self, context: f64) -> f64 {
        self.model.kv_elements(context) * self.weights.kv_bytes() * self.kv_replication() / 1e9
    }

    /// Attention FLOPs of one new token attending to `context` tokens.
    fn attention_flops(&self, context: f64) -> f64 {
        let m = self.model;
        // Windowed layers see fewer tokens: the KV elements carry that weighting.
        let per_layer = m.kv_elements_per_token_layer().max(1.0);
        let tokens_x_layers = m.kv_elements(context) / per_layer;
        let width = match m.attention {
            Attention::Gqa => 4.0 * f64::from(m.attention_heads) * f64::from(m.head_dim()),
            Attention::Mla => {
                let rank = f64::from(m.kv_lora_rank.unwrap_or(0));
                let rope = f64::from(
                    m.qk_rope_head_dim
                        .unwrap_or(super::models::DEFAULT_MLA_ROPE_DIM),
                );
                2.0 * f64::from(m.attention_heads) * (2.0 * rank + rope)
            }
        };
        width * tokens_x_layers
    }

    fn compute_s(&self, flops: f64) -> f64 {
        flops / self.tp() / (self.peak_tflops * 1e12 * self.factors.compute_efficiency)
    }

    fn memory_s(&self, bytes_per_chip: f64) -> f64 {
        bytes_per_chip / (self.chip.memory_bandwidth_gbs * 1e9 * self.factors.bandwidth_efficiency)
    }

    /// Two all-reduces per layer of `tokens` activations (ring: 2(tp−1)/tp of the message).
    fn allreduce_s(&self, tokens: f64) -> f64 {
        if self.tp <= 1 {
            return 0.0;
        }
        let bytes = tokens * f64::from(self.model.hidden_size) * ACTIVATION_BYTES;
        let ring =
            2.0 * (self.tp() - 1.0) / self.tp() * bytes / (self.chip.link_gbs(self.tp) * 1e9);
        2.0 * f64::from(self.model.layers) * (ring + ALLREDUCE_LATENCY_S)
    }

    /// One decode step of `batch` requests whose mean context is `context` tokens, s.
    pub fn step_s(&self, batch: f64, context: f64) -> f64 {
        let w = self.model.parameters_read_b(batch) * self.weights.weight_bytes() * 1e9 / self.tp();
        let kv = batch * self.kv_gb(context) * 1e9 / self.tp();
        let flops = batch * (2.0 * self.model.active_b() * 1e9 + self.attention_flops(context));
        let roof = self.memory_s(w + kv).max(self.compute_s(flops));
        roof + self.allreduce_s(batch) + self.factors.step_overhead_s
    }

    /// Replica time one request's prefill consumes when batched with others, s.
    pub fn prefill_cost_s(&self, input: f64) -> f64 {
        // Causal attention over the prompt: token i attends to i tokens, n²/2 in all.
        let flops =
            2.0 * self.model.active_b() * 1e9 * input + self.attention_flops(input) * input / 2.0;
        self.compute_s(flops) + self.allreduce_s(input)
    }

    /// Latency of one request's prefill on an idle replica, s.
    pub fn prefill_latency_s(&self, input: f64) -> f64 {
        let flops =
            2.0 * self.model.active_b() * 1e9 * input + self.attention_flops(input) * input / 2.0;
        let w = self.model.parameters_read_b(input) * self.weights.weight_bytes() * 1e9 / self.tp();
        self.memory_s(w).max(self.compute_s(flops))
            + self.allreduce_s(input)
            + self.factors.step_overhead_s
    }

    /// Steady state at `batch` concurrent sequences of `input` → `output` tokens, `beams`
    /// sequences per request (1 except for beam search; the prompt is prefilled once).
    ///
    /// Per second the replica runs `n` decode steps and `R` prefills: `n·step + R·c = 1` and
    /// `R = n·B/(beams·O)` (each step advances B sequences by one of their O tokens). Hence
    /// `R = B / (beams·O·step + B·c)` and a request waits `1/n = step + B·c/(beams·O)`
    /// between tokens.
    /// TTFT = half an inter-token interval (joining at a step boundary) + the M/D/1 mean
    /// queueing delay of prefill (`ρ·c / (2(1 − ρ))`, `ρ = R·c`, Poisson arrivals) + the
    /// prefill latency alone.
    pub fn steady(&self, batch: f64, input: f64, output: f64, beams: f64) -> Steady {
        let context = input + output / 2.0;
        let step = self.step_s(batch, context);
        let c = self.prefill_cost_s(input);
        let requests_per_s = batch / (beams * output * step + batch * c);
        let tpot_s = step + batch * c / (beams * output);
        let rho = (requests_per_s * c).min(0.999_999);
        let wait = rho * c / (2.0 * (1.0 - rho));
        Steady {
            requests_per_s,
            tpot_s,
            ttft_s: tpot_s / 2.0 + wait + self.prefill_latency_s(input),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{chips::chip, registry::model};
    use super::*;

    const ONE: Factors = Factors {
        bandwidth_efficiency: 1.0,
        compute_efficiency: 1.0,
        step_overhead_s: 0.0,
    };

    fn replica<'a>(
        m: &'a ModelArch,
        c: &'a ChipSpec,
        tp: u32,
        p: Precision,
        peak: f64,
    ) -> Replica<'a> {
        Replica {
            model: m,
            chip: c,
            tp,
            weights: p,
            peak_tflops: peak,
            factors: ONE,
        }
    }

    #[test]
    fn decode_step_is_a_roofline() {
        // Llama-3.1-8B bf16 on one H100, batch 1, context ~0: reads 16 GB of weights at
        // 3 350 GB/s = 4.776 ms; compute 16 GFLOP / 989.4 TFLOPS = 16 µs. Memory-bound.
        let (m, c) = (model("llama-3.1-8b").unwrap(), chip("H100").unwrap());
        let r = replica(m, c, 1, Precision::Bf16, c.bf16_tflops);
        assert!((r.step_s(1.0, 1.0) - 16.0 / 3350.0).abs() < 1e-5);
        // Batch 4096 at context 1: 4096 × 16 GFLOP = 65.5 TFLOP → 66.2 ms > 16 GB / 3350 GB/s
        // + 4096·131 kB KV: compute-bound.
        let big = r.step_s(4096.0, 1.0);
        assert!((big - 4096.0 * 16e9 / 989.4e12).abs() / big < 0.01, "{big}");
    }

    #[test]
    fn tensor_parallel_adds_communication_and_splits_kv() {
        let (m, c) = (model("llama-3.1-70b").unwrap(), chip("H100").unwrap());
        let r1 = replica(m, c, 1, Precision::Fp8, 1978.9);
        let r8 = replica(m, c, 8, Precision::Fp8, 1978.9);
        // 8 KV heads over 8 chips: split, no duplication; 16 chips would duplicate.
        assert_eq!(r8.kv_replication(), 1.0);
        assert_eq!(
            replica(m, c, 16, Precision::Fp8, 1978.9).kv_replication(),
            2.0
        );
        // TP 8 batch 1: 2 × 80 layers × (2·7/8 · 8192·2 B / 450 GB/s + 10 µs) = 1.61 ms extra.
        let comm = 2.0 * 80.0 * (2.0 * 7.0 / 8.0 * 16384.0 / 450e9 + 10e-6);
        let expect = 70e9 / 8.0 / 3350e9 + comm;
        assert!((r8.step_s(1.0, 0.0) - expect).abs() < 1e-6);
        assert!(r8.step_s(1.0, 0.0) < r1.step_s(1.0, 0.0));
        // MLA latent is replicated on every chip.
        let d = model("deepseek-v3").unwrap();
        assert_eq!(
            replica(d, c, 8, Precision::Fp8, 1978.9).kv_replication(),
            8.0
        );
    }

    #[test]
    fn steady_state_balances_prefill_and_decode() {
        let (m, c) = (model("llama-3.1-70b").unwrap(), chip("H200").unwrap());
        let r = replica(m, c, 1, Precision::Fp8, 1978.9);
        let s = r.steady(64.0, 1000.0, 200.0, 1.0);
        // Time shares sum to one second: n·step + R·c = 1 with n = R·O/B.
        let n = s.requests_per_s * 200.0 / 64.0;
        let total = n * r.step_s(64.0, 1100.0) + s.requests_per_s * r.prefill_cost_s(1000.0);
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        assert!((s.tpot_s - 1.0 / n).abs() < 1e-12);
        assert!(s.ttft_s > r.prefill_latency_s(1000.0));
    }
}
