//! Accelerator specs for serving estimates: memory, bandwidth, dense peaks per precision
//! and the interconnect inside a unit.
//!
//! Units: memory in GB (10⁹ bytes; GiB figures converted ×1.073741824), bandwidth in GB/s,
//! peaks in dense TFLOPS (TOPS for INT8; figures "with sparsity" halved). `None` = the chip
//! has no such peak (or the sources do not give one). Link bandwidth is GB/s **per
//! direction** per chip (bidirectional figures halved), for tensor-parallel all-reduce.
//!
//! `source` cites the chip's figures; `figure_sources` names the source of each figure where
//! it differs, and says where a figure is inferred rather than read. The names follow the
//! main registry (`catalog::accelerators`), so `canonical()` spellings resolve the same way.

use serde::Serialize;

/// Vendor family: the unit of calibration (one set of efficiency factors per family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// NVIDIA GPUs (TensorRT-LLM in the calibration data).
    Nvidia,
    /// AMD Instinct (vLLM on ROCm).
    Amd,
    /// Google TPUs.
    Google,
    /// AWS Trainium.
    Aws,
    /// Intel Gaudi.
    Intel,
}

impl Family {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Nvidia => "nvidia",
            Family::Amd => "amd",
            Family::Google => "google",
            Family::Aws => "aws",
            Family::Intel => "intel",
        }
    }
}

/// One chip's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChipSpec {
    /// Canonical name (as in the main registry).
    pub name: &'static str,
    /// Other spellings (compared after normalization).
    #[serde(skip)]
    pub aliases: &'static [&'static str],
    /// Vendor family.
    pub family: Family,
    /// High-bandwidth memory per chip, GB.
    pub memory_gb: f64,
    /// Memory bandwidth per chip, GB/s.
    pub memory_bandwidth_gbs: f64,
    /// Dense BF16 peak, TFLOPS.
    pub bf16_tflops: f64,
    /// Dense FP8 peak, TFLOPS.
    pub fp8_tflops: Option<f64>,
    /// Dense FP4 peak, TFLOPS.
    pub fp4_tflops: Option<f64>,
    /// Dense INT8 peak, TOPS.
    pub int8_tops: Option<f64>,
    /// The fast link inside a unit (`"NVLink 4"`, `"PCIe Gen4 x16"`, `"ICI"`).
    pub interconnect: &'static str,
    /// Its bandwidth per chip and direction, GB/s; `None` = not known.
    pub interconnect_gbs: Option<f64>,
    /// Chips the fast link joins (8 for NVSwitch, 2 for NVLink bridges, 1 for none);
    /// tensor parallelism wider than this crosses `host_link_gbs`.
    pub link_group: u32,
    /// Per-direction bandwidth of the slower path beyond `link_group` (PCIe, network), GB/s.
    pub host_link_gbs: f64,
    /// Where the figures come from (addresses as found, dates where known).
    pub source: &'static str,
    /// Per-figure sources where they differ, and inferred figures.
    pub figure_sources: &'static str,
}

/// Link bandwidth assumed when a chip's is unknown, GB/s per direction (PCIe Gen5 x16).
pub const UNKNOWN_LINK_GBS: f64 = 64.0;

const GIB: f64 = 1.073_741_824;

const H100_COMPUTE: &str = "BF16/FP8/INT8 dense: glennklockwood.com/garden/processors/h100 (989.4 / 1978.9 / 1978.9 matrix TFLOPS)";

/// The registry (chips with published figures).
#[rustfmt::skip]
pub const CHIPS: &[ChipSpec] = &[
    ChipSpec { name: "H100", aliases: &["H100-SXM", "H100-SXM5", "H100-80GB", "H100-SXM-80GB", "H100-MEGA", "H100-MEGA-80GB", "NVIDIA-H100"],
        family: Family::Nvidia, memory_gb: 80.0, memory_bandwidth_gbs: 3350.0, bf16_tflops: 989.4, fp8_tflops: Some(1978.9), fp4_tflops: None, int8_tops: Some(1978.9),
        interconnect: "NVLink 4 via NVSwitch (900 GB/s bidirectional)", interconnect_gbs: Some(450.0), link_group: 8, host_link_gbs: 64.0,
        source: "glennklockwood.com/garden/processors/h100 (80 GB HBM3, 3.35 TB/s, 900 GB/s NVLink, 128 GB/s PCIe Gen5; dense matrix TFLOPS from NVIDIA's datasheet)",
        figure_sources: H100_COMPUTE },
    ChipSpec { name: "H100-PCIe", aliases: &["H100-PCIE-80GB", "H100-PCIE-GEN5"],
        family: Family::Nvidia, memory_gb: 80.0, memory_bandwidth_gbs: 2000.0, bf16_tflops: 756.5, fp8_tflops: Some(1513.0), fp4_tflops: None, int8_tops: Some(1513.0),
        interconnect: "PCIe Gen5 x16 (128 GB/s bidirectional); optional NVLink bridge pairs not assumed", interconnect_gbs: Some(64.0), link_group: 8, host_link_gbs: 64.0,
        source: "archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html (NVIDIA H100 PCIe column: BF16 1,513, FP8 3,026, INT8 3,026 TFLOPS with sparsity, halved here; 80 GB HBM2e, 2,000 GB/s; PCIe Gen5 128 GB/s)",
        figure_sources: "" },
    ChipSpec { name: "H100-NVL", aliases: &["H100-NVL-94GB"],
        family: Family::Nvidia, memory_gb: 94.0, memory_bandwidth_gbs: 3930.0, bf16_tflops: 835.5, fp8_tflops: Some(1670.5), fp4_tflops: None, int8_tops: Some(1670.5),
        interconnect: "NVLink bridge pairs (600 GB/s bidirectional), PCIe Gen5 beyond a pair", interconnect_gbs: Some(300.0), link_group: 2, host_link_gbs: 64.0,
        source: "grokipedia.com/page/210100120 (H100 NVL: 94 GB HBM3, 3.93 TB/s, PCIe 5.0 x16, NVLink)",
        figure_sources: "BF16/FP8/INT8: NVIDIA H100 datasheet H100 NVL column (1,671 / 3,341 / 3,341 with sparsity), recalled, not found in the stored corpus; NVLink bridge 600 GB/s as for H100 PCIe (archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html)" },
    ChipSpec { name: "H200", aliases: &["H200-141GB", "H200-SXM", "H200-SXM-141GB", "NVIDIA-H200"],
        family: Family::Nvidia, memory_gb: 141.0, memory_bandwidth_gbs: 4800.0, bf16_tflops: 989.4, fp8_tflops: Some(1978.9), fp4_tflops: None, int8_tops: Some(1978.9),
        interconnect: "NVLink 4 via NVSwitch (900 GB/s bidirectional)", interconnect_gbs: Some(450.0), link_group: 8, host_link_gbs: 64.0,
        source: "lzwjava.github.io/nvidia-h200-gpu-specs-en (141 GB HBM3e, 4.8 TB/s, FP8 3,958 TFLOPS with sparsity = H100, NVLink 900 GB/s)",
        figure_sources: H100_COMPUTE },
    ChipSpec { name: "B200", aliases: &["B200-180GB", "B200-SXM", "B200-SXM-180GB", "NVIDIA-B200"],
        family: Family::Nvidia, memory_gb: 180.0, memory_bandwidth_gbs: 8000.0, bf16_tflops: 2250.0, fp8_tflops: Some(4500.0), fp4_tflops: Some(9000.0), int8_tops: Some(4500.0),
        interconnect: "NVLink 5 via NVSwitch (1.8 TB/s bidirectional)", interconnect_gbs: Some(900.0), link_group: 8, host_link_gbs: 128.0,
        source: "glennklockwood.com/garden/processors/B200 (HGX B200 at 1,000 W: dense BF16 2,250, FP8 4,500, FP4 9,000, INT8 4,500 TFLOPS; 8 TB/s); docs.vultr.com/inference-cookbook/cuda/getting-started/hardware-overview (8.0 TB/s, NVLink 5 1.8 TB/s bidirectional)",
        figure_sources: "memory: 180 GB as in the MLPerf system name B200-SXM-180GB (vultr shows 179 GB usable)" },
    ChipSpec { name: "GH200", aliases: &["GH200-144GB", "GH200-144GB-HBM3e", "GH200-Grace-Hopper"],
        family: Family::Nvidia, memory_gb: 144.0, memory_bandwidth_gbs: 4900.0, bf16_tflops: 989.4, fp8_tflops: Some(1978.9), fp4_tflops: None, int8_tops: Some(1978.9),
        interconnect: "NVLink 4 between the two superchips of an NVL2 board (900 GB/s bidirectional)", interconnect_gbs: Some(450.0), link_group: 2, host_link_gbs: 50.0,
        source: "HBM3e variant: nishikiout.net/entry/2023/08/09/143040 (NVIDIA announcement: HBM3e GH200, 141 GB at 5 TB/s); MLPerf system description 'GH200 144GB HBM3e'",
        figure_sources: "memory 144 GB from the MLPerf accelerator name; bandwidth 4.9 TB/s is NVIDIA's later datasheet figure (not found in the stored corpus; the announcement said 5 TB/s); compute = H100 SXM: glennklockwood.com/garden/processors/h100" },
    ChipSpec { name: "GH200-96GB", aliases: &["GH200-96GB-HBM3"],
        family: Family::Nvidia, memory_gb: 96.0, memory_bandwidth_gbs: 4000.0, bf16_tflops: 989.4, fp8_tflops: Some(1978.9), fp4_tflops: None, int8_tops: Some(1978.9),
        interconnect: "NVLink-C2C to the Grace CPU only (900 GB/s); no GPU-GPU link assumed", interconnect_gbs: None, link_group: 1, host_link_gbs: 50.0,
        source: "nishikiout.net/entry/2023/08/09/143040 (GH200: 96 GB HBM3 at 4 TB/s); spheron.network/blog/nvidia-gh200-guide (96 GB HBM3, NVLink-C2C 900 GB/s)",
        figure_sources: H100_COMPUTE },
    ChipSpec { name: "A100-80GB", aliases: &["A100-SXM4-80GB", "A100-80GB-SXM"],
        family: Family::Nvidia, memory_gb: 80.0, memory_bandwidth_gbs: 2039.0, bf16_tflops: 312.0, fp8_tflops: None, fp4_tflops: None, int8_tops: Some(624.0),
        interconnect: "NVLink 3 via NVSwitch (600 GB/s bidirectional)", interconnect_gbs: Some(300.0), link_group: 8, host_link_gbs: 32.0,
        source: "glennklockwood.com/garden/processors/A100 (A100 80G SXM4: 80 GB HBM2e, 2.039 TB/s, BF16 312 / INT8 624 matrix, 300+300 GB/s NVLink; from NVIDIA's A100 datasheet)",
        figure_sources: "" },
    ChipSpec { name: "L4", aliases: &["NVIDIA-L4"],
        family: Family::Nvidia, memory_gb: 24.0, memory_bandwidth_gbs: 300.0, bf16_tflops: 121.0, fp8_tflops: Some(242.0), fp4_tflops: None, int8_tops: Some(242.0),
        interconnect: "PCIe Gen4 x16, no NVLink", interconnect_gbs: Some(32.0), link_group: 8, host_link_gbs: 32.0,
        source: "yobitel.com/knowledge-base/nvidia-l4 (24 GB GDDR6, 300 GB/s, 121 TFLOPS BF16 / 242 FP8 dense); grokipedia.com/page/NVIDIA_L4_vs_L40S (485 TFLOPS FP8/INT8 with sparsity)",
        figure_sources: "INT8 242 dense = half of the 485 sparse figure" },
    ChipSpec { name: "L40S", aliases: &["NVIDIA-L40S", "L40S-48GB"],
        family: Family::Nvidia, memory_gb: 48.0, memory_bandwidth_gbs: 864.0, bf16_tflops: 362.05, fp8_tflops: Some(733.0), fp4_tflops: None, int8_tops: Some(733.0),
        interconnect: "PCIe Gen4 x16 (64 GB/s bidirectional), no NVLink", interconnect_gbs: Some(32.0), link_group: 8, host_link_gbs: 32.0,
        source: "mullet.se/product.html?product_id=355414 (NVIDIA L40/L40S datasheet table: BF16 362.05 / 733*, FP8 733 / 1,466*, 48 GB GDDR6, 864 GB/s, PCIe Gen4 x16 64 GB/s bidirectional); itcreations.com/nvidia-gpu/nvidia-l40s-gpu-accelerator (NVLink is not supported)",
        figure_sources: "INT8: the cited table gives none for L40S; taken equal to FP8 (Ada tensor cores run INT8 at the FP8 rate, as the L4 figures show)" },
    ChipSpec { name: "MI300X", aliases: &["AMD-MI300X", "MI300X-192GB"],
        family: Family::Amd, memory_gb: 192.0, memory_bandwidth_gbs: 5300.0, bf16_tflops: 1307.4, fp8_tflops: Some(2614.9), fp4_tflops: None, int8_tops: Some(2614.9),
        interconnect: "Infinity Fabric xGMI mesh (896 GB/s aggregate bidirectional)", interconnect_gbs: Some(448.0), link_group: 8, host_link_gbs: 64.0,
        source: "jaredwatkins.com/research/ai-accelerators/amd-instinct/mi300-series/ (192 GB HBM3, 5.3 TB/s, ~1.3 PFLOPS FP16, ~2.6 PFLOPS FP8); gpu.blog/gpus/instinct-mi300x-mi300x (xGMI 896 GB/s, 8-GPU mesh)",
        figure_sources: "exact dense BF16 1,307.4 / FP8 2,614.9 / INT8 2,614.9 are AMD's spec-sheet values, consistent with the rounded figures cited" },
    ChipSpec { name: "TPU-v5e", aliases: &["TPU-v5litepod", "TPU-v5-lite", "TPU-v5-litepod", "v5e", "v5litepod", "TPU-v5-lite-podslice"],
        family: Family::Google, memory_gb: 16.0, memory_bandwidth_gbs: 819.0, bf16_tflops: 197.0, fp8_tflops: None, fp4_tflops: None, int8_tops: Some(393.0),
        interconnect: "ICI 2D torus (400 GB/s bidirectional per chip)", interconnect_gbs: Some(200.0), link_group: 256, host_link_gbs: 200.0,
        source: "docs.cloud.google.com/tpu/docs/v5e (197 TFLOPs bf16, 393 TOPs int8, 16 GB HBM2 at 819 GBps, ICI 400 GBps bidirectional per chip)",
        figure_sources: "" },
    ChipSpec { name: "TPU-v6e", aliases: &["TPU-Trillium", "Trillium", "v6e"],
        family: Family::Google, memory_gb: 32.0, memory_bandwidth_gbs: 1638.0, bf16_tflops: 918.0, fp8_tflops: None, fp4_tflops: None, int8_tops: Some(1836.0),
        interconnect: "ICI 2D torus (800 GB/s bidirectional per chip)", interconnect_gbs: Some(400.0), link_group: 256, host_link_gbs: 400.0,
        source: "docs.cloud.google.com/tpu/docs/v6e.md.txt (918 TFLOPs bf16, 1836 TOPs int8, 32 GB at 1638 GBps, ICI 800 GBps bidirectional per chip)",
        figure_sources: "" },
    ChipSpec { name: "TPU-v5p", aliases: &["v5p"],
        family: Family::Google, memory_gb: 95.0, memory_bandwidth_gbs: 2765.0, bf16_tflops: 459.0, fp8_tflops: Some(459.0), fp4_tflops: None, int8_tops: None,
        interconnect: "ICI 3D torus (1200 GB/s bidirectional per chip)", interconnect_gbs: Some(600.0), link_group: 8960, host_link_gbs: 600.0,
        source: "docs.cloud.google.com/tpu/docs/v5p-training (459 TFLOPs BF16 and FP8, 95 GB HBM2e at 2765 GBps, ICI 1200 GBps bidirectional per chip)",
        figure_sources: "INT8: not in the cited table" },
    ChipSpec { name: "Trainium2", aliases: &["trn2", "Trainium-2"],
        family: Family::Aws, memory_gb: 96.0 * GIB, memory_bandwidth_gbs: 2900.0, bf16_tflops: 667.0, fp8_tflops: Some(1299.0), fp4_tflops: None, int8_tops: None,
        interconnect: "NeuronLink-v3, 4 links per chip, 4x4 torus in trn2.48xlarge", interconnect_gbs: None, link_group: 16, host_link_gbs: UNKNOWN_LINK_GBS,
        source: "awsdocs-neuron.readthedocs-hosted.com/en/v2.29.0/_sources/about-neuron/arch/neuron-hardware/trainium2.rst (667 BF16, 1,299 FP8 dense TFLOPS); awsdocs-neuron.readthedocs-hosted.com/en/latest/nki/arch/trainium2_arch.html (96 GiB, 2.9 TB/s, 4 NeuronLink-v3); .../en/latest/training/best-practices.html (4x4 torus)",
        figure_sources: "NeuronLink-v3 bandwidth not found: UNKNOWN_LINK_GBS is assumed" },
    ChipSpec { name: "Gaudi2", aliases: &["Gaudi-2", "HL-225", "Intel-Gaudi2"],
        family: Family::Intel, memory_gb: 96.0, memory_bandwidth_gbs: 2460.0, bf16_tflops: 432.0, fp8_tflops: Some(835.0), fp4_tflops: None, int8_tops: None,
        interconnect: "integrated 24x100 GbE RoCE, 21 ports all-to-all inside an HLS-Gaudi2 server", interconnect_gbs: Some(262.5), link_group: 8, host_link_gbs: 37.5,
        source: "sgpjbg.com/baogao/465025.html (Intel Hot Chips 2024 slide: Gaudi 2 432 BF16 TFLOPs, 96 GB, 2.46 TB/s, NIC 4.8 Tb/s bidirectional); pcguia.pt/2024/04/nvidia-e-amd-tem-um-novo-rival-no-mercado-de-ia-a-intel (Gaudi 2: 835 TFLOPS FP8 matrix)",
        figure_sources: "link: 21 of 24 100 GbE ports to the 7 peers = 262.5 GB/s per direction; host link: 3 scale-out ports" },
];

/// The main registry's normal form of a name (one rule for both registries).
pub use crate::catalog::accelerators::normalize;

/// A chip by name or alias, if the registry has it.
pub fn chip(name: &str) -> Option<&'static ChipSpec> {
    let k = normalize(name);
    CHIPS
        .iter()
        .find(|c| normalize(c.name) == k || c.aliases.iter().any(|a| normalize(a) == k))
}

impl ChipSpec {
    /// Dense peak for a compute precision, TFLOPS (TOPS for INT8), if the chip has it.
    pub fn peak(&self, p: super::types::Precision) -> Option<f64> {
        use super::types::Precision as P;
        match p {
            P::Bf16 => Some(self.bf16_tflops),
            P::Fp8 => self.fp8_tflops,
            P::Fp4 => self.fp4_tflops,
            P::Int8 => self.int8_tops,
            P::Int4 => None,
        }
    }

    /// Per-direction link bandwidth (GB/s) a tensor-parallel group of `tp` chips sees.
    pub fn link_gbs(&self, tp: u32) -> f64 {
        if tp <= self.link_group {
            self.interconnect_gbs.unwrap_or(UNKNOWN_LINK_GBS)
        } else {
            self.host_link_gbs
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_and_are_unique() {
        assert_eq!(chip("h100 sxm").unwrap().name, "H100");
        assert_eq!(chip("TPU v5litepod").unwrap().name, "TPU-v5e");
        assert_eq!(chip("trn2").unwrap().name, "Trainium2");
        assert!(chip("H100-NVL").unwrap().memory_gb > 90.0);
        let mut seen = std::collections::HashSet::new();
        for c in CHIPS {
            for n in std::iter::once(&c.name).chain(c.aliases) {
                assert!(seen.insert(normalize(n)), "{n} listed twice");
            }
        }
    }

    #[test]
    fn figures_are_sane_and_cited() {
        for c in CHIPS {
            assert!(!c.source.is_empty(), "{}", c.name);
            assert!(c.memory_gb > 0.0 && c.memory_bandwidth_gbs > 0.0 && c.bf16_tflops > 0.0);
            // Narrower formats are never slower than BF16 where the chip has them.
            for p in [c.fp8_tflops, c.fp4_tflops, c.int8_tops]
                .into_iter()
                .flatten()
            {
                assert!(p >= c.bf16_tflops, "{}", c.name);
            }
            assert!(c.link_group >= 1 && c.host_link_gbs > 0.0);
        }
        // Trainium2: 96 GiB = 103.08 GB.
        assert!((chip("Trainium2").unwrap().memory_gb - 103.079_215_104).abs() < 1e-6);
    }
}
