//! The MLPerf Inference results the roofline is calibrated on: per accelerator, benchmark
//! and scenario, the best submission per chip in `shared/data/facts/mlperf-llm-inference.csv`
//! (rules in [`super::calibration`]; a test re-derives them from the CSV at run time).
//! Sources: each row's `mlperf_log_summary.txt` in `mlcommons/inference_results_v4.0` or
//! `_v4.1`, `closed/<submitter>/results/<system_id>/`, as cited in the CSV.

/// One MLPerf result used for calibration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reference {
    /// Chip name in [`super::chips::CHIPS`].
    pub chip: &'static str,
    /// Benchmark key.
    pub benchmark: &'static str,
    /// `Offline` or `Server`.
    pub scenario: &'static str,
    /// MLPerf round.
    pub round: &'static str,
    /// MLPerf system id.
    pub system_id: &'static str,
    /// Accelerators in the system.
    pub accelerators: u32,
    /// Nodes in the system.
    pub nodes: u32,
    /// Result of the whole system, generated tokens/s (GPT-J v4.0: samples/s × 69).
    pub tokens_per_second: f64,
}

#[expect(
    clippy::too_many_arguments,
    reason = "a const table row constructor, one argument per column"
)]
const fn r(
    chip: &'static str,
    benchmark: &'static str,
    scenario: &'static str,
    round: &'static str,
    system_id: &'static str,
    accelerators: u32,
    nodes: u32,
    tokens_per_second: f64,
) -> Reference {
    Reference {
        chip,
        benchmark,
        scenario,
        round,
        system_id,
        accelerators,
        nodes,
        tokens_per_second,
    }
}

/// The calibration rows (see the module docs), from `mlperf-llm-inference.csv`.
#[rustfmt::skip]
pub const REFERENCES: &[Reference] = &[
    r("B200", "llama2-70b", "Offline", "v4.1", "B200-SXM-180GBx1_TRT", 1, 1, 11264.4),
    r("B200", "llama2-70b", "Server", "v4.1", "B200-SXM-180GBx1_TRT", 1, 1, 10755.6),
    r("GH200", "llama2-70b", "Offline", "v4.1", "GH200-GraceHopper-Superchip_GH200-144GB_aarch64x1_TRT", 1, 1, 4067.52),
    r("GH200", "llama2-70b", "Server", "v4.1", "GH200-GraceHopper-Superchip_GH200-144GB_aarch64x1_TRT", 1, 1, 3883.67),
    r("GH200", "mixtral-8x7b", "Offline", "v4.1", "GH200-GraceHopper-Superchip_GH200-144GB_aarch64x1_TRT", 1, 1, 8021.46),
    r("GH200", "mixtral-8x7b", "Server", "v4.1", "GH200-GraceHopper-Superchip_GH200-144GB_aarch64x1_TRT", 1, 1, 7450.27),
    r("GH200-96GB", "llama2-70b", "Offline", "v4.1", "GH200-GraceHopper-Superchip_GH200-96GB_aarch64x1_TRT", 1, 1, 3114.03),
    r("GH200-96GB", "llama2-70b", "Server", "v4.1", "GH200-GraceHopper-Superchip_GH200-96GB_aarch64x1_TRT", 1, 1, 2619.09),
    r("Gaudi2", "llama2-70b", "Offline", "v4.0", "HLS-Gaudi2-PT", 8, 1, 8034.85),
    r("Gaudi2", "llama2-70b", "Server", "v4.0", "HLS-Gaudi2-PT", 8, 1, 6287.47),
    r("H100", "gptj", "Offline", "v4.0", "DGX-H100_H100-SXM-80GBx8_TRT", 8, 1, 239.895 * 69.0),
    r("H100", "gptj", "Server", "v4.0", "DGX-H100_H100-SXM-80GBx8_TRT", 8, 1, 229.69 * 69.0),
    r("H100", "llama2-70b", "Offline", "v4.1", "DGX-H100_H100-SXM-80GBx8_TRT", 8, 1, 24524.9),
    r("H100", "llama2-70b", "Server", "v4.1", "DGX-H100_H100-SXM-80GBx8_TRT", 8, 1, 21605.8),
    r("H100", "mixtral-8x7b", "Offline", "v4.1", "DGX-H100_H100-SXM-80GBx8_TRT", 8, 1, 52415.9),
    r("H100", "mixtral-8x7b", "Server", "v4.1", "DGX-H100_H100-SXM-80GBx8_TRT", 8, 1, 50795.6),
    r("H100-NVL", "llama2-70b", "Offline", "v4.1", "SR675_V3_8xH100_NVL_TRT", 8, 1, 15875.8),
    r("H100-NVL", "llama2-70b", "Server", "v4.1", "SR675_V3_8xH100_NVL_TRT", 8, 1, 13074.7),
    r("H100-PCIe", "llama2-70b", "Offline", "v4.1", "ESC8000A_E12_H100x8_TRT", 8, 1, 9281.5),
    r("H100-PCIe", "llama2-70b", "Server", "v4.1", "ESC8000A_E12_H100x8_TRT", 8, 1, 8094.27),
    r("H200", "gptj", "Offline", "v4.1", "H200-SXM-141GBx8_TRT", 8, 1, 20086.1),
    r("H200", "gptj", "Server", "v4.1", "H200-SXM-141GBx8_TRT", 8, 1, 19243.3),
    r("H200", "llama2-70b", "Offline", "v4.1", "XE9680_H200_SXM_141GBx8_TRT", 8, 1, 32124.3),
    r("H200", "llama2-70b", "Server", "v4.1", "XE9680_H200_SXM_141GBx8_TRT", 8, 1, 29739.9),
    r("H200", "mixtral-8x7b", "Offline", "v4.1", "H200-SXM-141GBx8_TRT", 8, 1, 59022.3),
    r("H200", "mixtral-8x7b", "Server", "v4.1", "H200-SXM-141GBx8_TRT", 8, 1, 57177.2),
    r("L40S", "gptj", "Offline", "v4.1", "CDI_L40Sx8_TRT", 8, 1, 6911.78),
    r("L40S", "gptj", "Server", "v4.1", "CDI_L40Sx8_TRT", 8, 1, 6903.45),
    r("L40S", "llama2-70b", "Offline", "v4.1", "CDI_L40Sx8_TRT", 8, 1, 3717.74),
    r("L40S", "llama2-70b", "Server", "v4.1", "CDI_L40Sx8_TRT", 8, 1, 3218.55),
    r("MI300X", "llama2-70b", "Offline", "v4.1", "1xMI300X_2xEPYC-9374F", 1, 1, 3062.72),
    r("MI300X", "llama2-70b", "Server", "v4.1", "8xMI300X_2xEPYC-9374F", 8, 1, 21028.2),
    r("TPU-v5e", "gptj", "Offline", "v4.0", "tpu_v5e_x4", 4, 1, 10.1502 * 69.0),
    r("TPU-v5e", "gptj", "Server", "v4.0", "tpu_v5e_x4", 4, 1, 7.25 * 69.0),
];
