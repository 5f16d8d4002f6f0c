//! The bundled model registry: the open models of `shared/data/facts/llm-models.csv`, as
//! constants with the citation of each row (`params:` for the parameter count, `config:` for
//! the architecture). A test reads the CSV at run time and checks every constant against it.
//!
//! Lookup is forgiving: case, an `org/` prefix, `meta-`, separators and the suffixes
//! `instruct`, `chat`, `hf`, `base` and version tags (`v0.1`) are ignored, so
//! `Llama-3.1-70B`, `meta-llama/Meta-Llama-3.1-70B-Instruct` and `llama3.1-70b` are one model.

use super::models::{Attention, ModelArch};
use std::borrow::Cow;

/// A registry entry: the architecture and extra spellings.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The architecture (its `name` is the canonical one).
    pub arch: ModelArch,
    /// Other spellings (Hugging Face ids and the like).
    pub aliases: &'static [&'static str],
}

const DENSE: ModelArch = ModelArch {
    name: Cow::Borrowed(""),
    parameters_b: 0.0,
    active_parameters_b: None,
    layers: 0,
    hidden_size: 0,
    attention_heads: 0,
    kv_heads: 0,
    head_dim: None,
    attention: Attention::Gqa,
    kv_lora_rank: None,
    qk_rope_head_dim: None,
    experts: None,
    experts_per_token: None,
    sliding_window: None,
    sliding_window_layers: None,
    vocab_size: None,
    max_context: None,
    source: Cow::Borrowed(""),
};

const fn s(x: &'static str) -> Cow<'static, str> {
    Cow::Borrowed(x)
}

const DEEPSEEK: ModelArch = ModelArch {
    parameters_b: 671.0,
    active_parameters_b: Some(37.0),
    layers: 61,
    hidden_size: 7168,
    attention_heads: 128,
    kv_heads: 128,
    attention: Attention::Mla,
    kv_lora_rank: Some(512),
    qk_rope_head_dim: Some(64),
    experts: Some(256),
    experts_per_token: Some(8),
    vocab_size: Some(129_280),
    max_context: Some(163_840),
    ..DENSE
};

/// Every bundled model.
pub const MODELS: &[Entry] = &[
    Entry { arch: ModelArch { name: s("llama-2-70b"), parameters_b: 70.0, layers: 80, hidden_size: 8192, attention_heads: 64, kv_heads: 8, head_dim: Some(128), vocab_size: Some(32_000), max_context: Some(4096),
        source: s("params: ZHUI/paddlenlp_model_readme meta-llama/Llama-2-70b/index.md @ffc26950 (HF card: 70B, 4k, GQA); config: scaleapi/llm-engine model-engine/tests/unit/domain/test_llm_use_cases.py @9cc07b23 (verbatim HF config.json of meta-llama/Llama-2-70b-hf)"), ..DENSE },
        aliases: &["meta-llama/Llama-2-70b-hf", "llama2-70b", "llama-2-70b-chat-hf"] },
    Entry { arch: ModelArch { name: s("llama-3.1-8b"), parameters_b: 8.0, layers: 32, hidden_size: 4096, attention_heads: 32, kv_heads: 8, head_dim: Some(128), vocab_size: Some(128_256), max_context: Some(131_072),
        source: s("params: ZHUI/paddlenlp_model_readme meta-llama/Meta-Llama-3.1-405B/index.md @ffc26950; config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/meta-llama--Meta-Llama-3.1-8B_config.json @0b077da5"), ..DENSE },
        aliases: &["meta-llama/Meta-Llama-3.1-8B"] },
    Entry { arch: ModelArch { name: s("llama-3.1-70b"), parameters_b: 70.0, layers: 80, hidden_size: 8192, attention_heads: 64, kv_heads: 8, head_dim: Some(128), vocab_size: Some(128_256), max_context: Some(131_072),
        source: s("params: ZHUI/paddlenlp_model_readme meta-llama/Meta-Llama-3.1-405B/index.md @ffc26950; config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/meta-llama--Meta-Llama-3.1-70B_config.json @0b077da5"), ..DENSE },
        aliases: &["meta-llama/Meta-Llama-3.1-70B"] },
    Entry { arch: ModelArch { name: s("llama-3.1-405b"), parameters_b: 405.0, layers: 126, hidden_size: 16384, attention_heads: 128, kv_heads: 8, head_dim: Some(128), vocab_size: Some(128_256), max_context: Some(131_072),
        source: s("params: ZHUI/paddlenlp_model_readme meta-llama/Meta-Llama-3.1-405B/index.md @ffc26950; config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/meta-llama--Meta-Llama-3.1-405B_config.json @0b077da5"), ..DENSE },
        aliases: &["meta-llama/Meta-Llama-3.1-405B"] },
    Entry { arch: ModelArch { name: s("llama-3.3-70b"), parameters_b: 70.0, layers: 80, hidden_size: 8192, attention_heads: 64, kv_heads: 8, head_dim: Some(128), vocab_size: Some(128_256), max_context: Some(131_072),
        source: s("params: ZHUI/paddlenlp_model_readme meta-llama/Llama-3.3-70B-Instruct/index.md @ffc26950 (HF card: 70B, 128k, GQA); config: ai-dynamo/aiconfigurator src/aiconfigurator/model_configs/meta-llama--Llama-3.3-70B-Instruct_config.json @f577ab84"), ..DENSE },
        aliases: &["meta-llama/Llama-3.3-70B-Instruct"] },
    Entry { arch: ModelArch { name: s("mixtral-8x7b"), parameters_b: 47.0, active_parameters_b: Some(13.0), layers: 32, hidden_size: 4096, attention_heads: 32, kv_heads: 8, head_dim: Some(128), experts: Some(8), experts_per_token: Some(2), vocab_size: Some(32_000), max_context: Some(32_768),
        source: s("params: Mixtral paper arXiv:2401.04088 abstract (47B total, 13B active) quoted at https://simonwillison.net/2024/Jan/9/mixtral-of-experts/; config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/mistralai--Mixtral-8x7B-v0.1_config.json @0b077da5"), ..DENSE },
        aliases: &["mistralai/Mixtral-8x7B-v0.1", "mistralai/Mixtral-8x7B-Instruct-v0.1"] },
    Entry { arch: ModelArch { name: s("mixtral-8x22b"), parameters_b: 141.0, active_parameters_b: Some(39.0), layers: 56, hidden_size: 6144, attention_heads: 48, kv_heads: 8, head_dim: Some(128), experts: Some(8), experts_per_token: Some(2), vocab_size: Some(32_000), max_context: Some(65_536),
        source: s("params: Mistral AI blog quoted at https://prompt-engineering-guide-ar7flcqp6-dair-ai.vercel.app/models/mixtral-8x22b (39B active of 141B); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/mistralai--Mixtral-8x22B-v0.1_config.json @0b077da5"), ..DENSE },
        aliases: &["mistralai/Mixtral-8x22B-v0.1"] },
    Entry { arch: ModelArch { name: s("qwen2.5-72b"), parameters_b: 72.7, layers: 80, hidden_size: 8192, attention_heads: 64, kv_heads: 8, head_dim: Some(128), vocab_size: Some(152_064), max_context: Some(131_072),
        source: s("params and layers/heads/context: ZHUI/paddlenlp_model_readme Qwen/Qwen2.5-72B/index.md @ffc26950; hidden/vocab: DERIVATIVE config https://huggingface.co/gghfez/UwU-72B-Preview/blob/64af8159bc15b908f7f1792121f99beaad633ce9/config.json"), ..DENSE },
        aliases: &["Qwen/Qwen2.5-72B", "Qwen/Qwen2.5-72B-Instruct"] },
    Entry { arch: ModelArch { name: s("qwen3-32b"), parameters_b: 32.8, layers: 64, hidden_size: 5120, attention_heads: 64, kv_heads: 8, head_dim: Some(128), vocab_size: Some(151_936), max_context: Some(40_960),
        source: s("params: https://openrouter.ai/qwen/qwen3-32b (dense 32.8B); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-32B_config.json @0b077da5"), ..DENSE },
        aliases: &["Qwen/Qwen3-32B"] },
    Entry { arch: ModelArch { name: s("qwen3-235b-a22b"), parameters_b: 235.0, active_parameters_b: Some(22.0), layers: 94, hidden_size: 4096, attention_heads: 64, kv_heads: 4, head_dim: Some(128), experts: Some(128), experts_per_token: Some(8), vocab_size: Some(151_936), max_context: Some(40_960),
        source: s("params: https://docs.nvidia.com/nemo/automodel/latest/model-coverage/llm/qwen/qwen3-moe.html (235B total, 22B active); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-235B-A22B_config.json @0b077da5"), ..DENSE },
        aliases: &["Qwen/Qwen3-235B-A22B"] },
    Entry { arch: ModelArch { name: s("deepseek-v3"),
        source: s("params: ZHUI/paddlenlp_model_readme deepseek-ai/DeepSeek-V3/index.md @ffc26950 (671B total, 37B activated); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/deepseek-ai--DeepSeek-V3_config.json @0b077da5 (kv_lora_rank 512, qk_rope_head_dim 64)"), ..DEEPSEEK },
        aliases: &["deepseek-ai/DeepSeek-V3"] },
    Entry { arch: ModelArch { name: s("deepseek-r1"),
        source: s("params: ZHUI/paddlenlp_model_readme deepseek-ai/DeepSeek-R1/index.md @ffc26950 (671B total, 37B activated); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/deepseek-ai--DeepSeek-R1_config.json @0b077da5 (kv_lora_rank 512, qk_rope_head_dim 64)"), ..DEEPSEEK },
        aliases: &["deepseek-ai/DeepSeek-R1"] },
    Entry { arch: ModelArch { name: s("gpt-oss-120b"), parameters_b: 117.0, active_parameters_b: Some(5.1), layers: 36, hidden_size: 2880, attention_heads: 64, kv_heads: 8, head_dim: Some(64), experts: Some(128), experts_per_token: Some(4), sliding_window: Some(128), sliding_window_layers: Some(18), vocab_size: Some(201_088), max_context: Some(131_072),
        source: s("params: https://docs.nvidia.com/nemo/microservices/25.9.0/fine-tune/models/gpt-oss.html (117B, 5.1B active); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/openai--gpt-oss-120b_config.json @0b077da5 (18 sliding + 18 full layers)"), ..DENSE },
        aliases: &["openai/gpt-oss-120b"] },
    Entry { arch: ModelArch { name: s("gpt-oss-20b"), parameters_b: 21.0, active_parameters_b: Some(3.6), layers: 24, hidden_size: 2880, attention_heads: 64, kv_heads: 8, head_dim: Some(64), experts: Some(32), experts_per_token: Some(4), sliding_window: Some(128), sliding_window_layers: Some(12), vocab_size: Some(201_088), max_context: Some(131_072),
        source: s("params: https://docs.nvidia.com/nemo/microservices/25.9.0/fine-tune/models/gpt-oss.html (21B, 3.6B active); config: ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/openai--gpt-oss-20b_config.json @0b077da5 (12 sliding + 12 full layers)"), ..DENSE },
        aliases: &["openai/gpt-oss-20b"] },
    Entry { arch: ModelArch { name: s("gemma-2-27b"), parameters_b: 27.0, layers: 46, hidden_size: 4608, attention_heads: 32, kv_heads: 16, head_dim: Some(128), sliding_window: Some(4096), sliding_window_layers: Some(23), vocab_size: Some(256_000), max_context: Some(8192),
        source: s("params: nominal 27B from the model name/card (not verified); config: google/gemma_pytorch gemma/config.py @03e65758 get_config_for_27b (23 local-sliding + 23 global layers)"), ..DENSE },
        aliases: &["google/gemma-2-27b", "google/gemma-2-27b-it"] },
    Entry { arch: ModelArch { name: s("mistral-large-2"), parameters_b: 123.0, layers: 88, hidden_size: 12288, attention_heads: 96, kv_heads: 8, head_dim: Some(128), vocab_size: Some(32_768), max_context: Some(131_072),
        source: s("params: https://www.modelcards.net/documents/546 (123B); config: DERIVATIVE mirror https://huggingface.co/ModelCloud/Mistral-Large-Instruct-2407-gptq-4bit/blame/main/config.json"), ..DENSE },
        aliases: &["mistralai/Mistral-Large-Instruct-2407", "mistral-large-2407"] },
];

/// The lookup key of a model name (see the module docs).
pub fn key(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let last = lower.rsplit('/').next().unwrap_or(&lower);
    let last = last.strip_prefix("meta-").unwrap_or(last);
    last.split(['-', '_', ' '])
        .filter(|t| !t.is_empty())
        .filter(|t| !matches!(*t, "instruct" | "chat" | "hf" | "base" | "it"))
        .filter(|t| {
            !(t.starts_with('v')
                && t[1..].starts_with(|c: char| c.is_ascii_digit())
                && t.contains('.'))
        })
        .collect()
}

/// A bundled model by name or alias (see the module docs), if known.
pub fn model(name: &str) -> Option<&'static ModelArch> {
    let k = key(name);
    MODELS
        .iter()
        .find(|e| key(&e.arch.name) == k || e.aliases.iter().any(|a| key(a) == k))
        .map(|e| &e.arch)
}

#[cfg(test)]
mod tests {
    use super::super::csv;
    use super::*;

    #[test]
    fn lookup_is_forgiving() {
        for n in [
            "Llama-3.1-70B",
            "llama3.1-70b",
            "meta-llama/Meta-Llama-3.1-70B-Instruct",
            " LLAMA_3.1_70B ",
        ] {
            assert_eq!(model(n).map(|m| &*m.name), Some("llama-3.1-70b"), "{n}");
        }
        assert_eq!(
            model("mistralai/Mixtral-8x7B-Instruct-v0.1").unwrap().name,
            "mixtral-8x7b"
        );
        assert_eq!(
            model("Mistral-Large-Instruct-2407").unwrap().name,
            "mistral-large-2"
        );
        assert!(model("llama-3.1-7b").is_none());
        // No spelling resolves to two entries.
        let mut seen = std::collections::HashMap::new();
        for e in MODELS {
            for n in std::iter::once(&*e.arch.name).chain(e.aliases.iter().copied()) {
                let owner = seen.entry(key(n)).or_insert(&*e.arch.name);
                assert_eq!(*owner, &*e.arch.name, "{n}");
            }
        }
    }

    /// Every constant equals its row of the shared CSV, read at run time.
    #[test]
    fn constants_match_the_shared_csv() {
        let path = format!("{}/llm-models.csv", super::super::FACTS_DIR);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let table = csv::Table::parse(&text, "llm-models.csv").unwrap();
        assert_eq!(table.rows.len(), MODELS.len());
        for row in &table.rows {
            let name = row.get(&table, "model").unwrap();
            let m = MODELS
                .iter()
                .find(|e| e.arch.name == name)
                .unwrap_or_else(|| panic!("{name} missing"))
                .arch
                .clone();
            let num = |c: &str| -> Option<f64> {
                row.get(&table, c)
                    .filter(|v| !v.is_empty())
                    .map(|v| v.parse().unwrap())
            };
            let int = |c: &str| num(c).map(|v| v as u32);
            assert_eq!(Some(m.parameters_b), num("total_params_b"), "{name}");
            assert_eq!(m.active_parameters_b, num("active_params_b"), "{name}");
            assert_eq!(Some(m.layers), int("num_layers"), "{name}");
            assert_eq!(Some(m.hidden_size), int("hidden_size"), "{name}");
            assert_eq!(
                Some(m.attention_heads),
                int("num_attention_heads"),
                "{name}"
            );
            assert_eq!(Some(m.kv_heads), int("num_kv_heads"), "{name}");
            assert_eq!(m.head_dim, int("head_dim"), "{name}");
            assert_eq!(m.experts, int("num_experts"), "{name}");
            assert_eq!(m.experts_per_token, int("experts_per_token"), "{name}");
            assert_eq!(m.vocab_size, int("vocab_size"), "{name}");
            assert_eq!(m.max_context, int("max_context"), "{name}");
            assert_eq!(m.kv_lora_rank, int("kv_lora_rank"), "{name}");
            assert_eq!(m.sliding_window, int("sliding_window"), "{name}");
            let attention = row.get(&table, "attention").unwrap();
            assert_eq!(m.attention == Attention::Mla, attention == "mla", "{name}");
            // The citation names the same config file as the row.
            let source = row.get(&table, "source").unwrap();
            let file = source.split_whitespace().next().unwrap();
            let file = file.rsplit(['/', ':']).next().unwrap();
            assert!(m.source.contains(file), "{name}: source should cite {file}");
        }
    }
}
