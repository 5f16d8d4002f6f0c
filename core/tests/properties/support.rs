//! The properties' checks of one plan, and the proptest configuration: a fixed seed, and the
//! committed regression seeds replayed without ever being rewritten.

use super::*;

/// The plan's cost splits add up to its total, and the total plus penalties is the objective.
pub(super) fn check_costs_add_up(p: &Plan) -> Result<(), TestCaseError> {
    let total = p.total_cost.unwrap();
    let c = &p.costs;
    let beyond = if c.beyond_horizon_charged {
        c.beyond_horizon
    } else {
        0.0
    };
    prop_assert!(
        close(sum(&c.by_period) + beyond, total),
        "by_period {:?} + {beyond} != {total}",
        c.by_period
    );
    for (name, split) in [
        ("by_provider", &c.by_provider),
        ("by_accelerator", &c.by_accelerator),
        ("by_purchase", &c.by_purchase),
        ("by_region", &c.by_region),
        ("by_workload", &c.by_workload),
    ] {
        prop_assert!(
            close(sum(split.values()), total),
            "{name} {split:?} does not sum to {total}"
        );
    }
    prop_assert!(close(total + c.shortfall_penalty, objective(p)));
    let penalties: f64 = p.achieved.shortfall.iter().map(|s| s.penalty).sum();
    prop_assert!(close(penalties, c.shortfall_penalty));
    Ok(())
}

/// What the plan achieves is within every policy's limit.
pub(super) fn check_achieved(p: &Plan) -> Result<(), TestCaseError> {
    let tol = 1e-6;
    for s in p
        .achieved
        .provider_shares
        .iter()
        .chain(&p.achieved.spot_shares)
    {
        prop_assert!(s.share <= s.limit + tol, "share above limit: {s:?}");
    }
    for c in &p.achieved.outage_coverage {
        prop_assert!(c.coverage >= c.target - tol, "coverage below target: {c:?}");
    }
    for u in &p.achieved.commitment_utilisation {
        prop_assert!(
            u.utilisation <= 1.0 + tol && u.used_units <= u.active_units + tol,
            "{u:?}"
        );
    }
    Ok(())
}

/// 64 cases per property (a few seconds in debug builds); `PROPTEST_CASES` overrides.
/// Deterministic: a fixed seed (`PROPTEST_RNG_SEED` overrides it, e.g. for a long run with
/// new inputs), and the committed regression seeds are replayed but never written to (a
/// test must not change tracked files; a new failure prints its seed instead).
pub(super) fn config() -> ProptestConfig {
    let base = if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(64)
    };
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00ca_b1e5);
    ProptestConfig {
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(ReadOnly(
            proptest::test_runner::FileFailurePersistence::SourceParallel("proptest-regressions"),
        ))),
        ..base
    }
}

/// Committed regression seeds, replayed and never rewritten.
#[derive(Debug, Clone, PartialEq)]
struct ReadOnly(proptest::test_runner::FileFailurePersistence);

impl proptest::test_runner::FailurePersistence for ReadOnly {
    fn load_persisted_failures2(
        &self,
        source_file: Option<&'static str>,
    ) -> Vec<proptest::test_runner::PersistedSeed> {
        self.0.load_persisted_failures2(source_file)
    }

    fn save_persisted_failure2(
        &mut self,
        _source_file: Option<&'static str>,
        seed: proptest::test_runner::PersistedSeed,
        shrunken_value: &dyn std::fmt::Debug,
    ) {
        eprintln!(
            "proptest found a failure; add this line to core/tests/properties.proptest-regressions to keep it:\ncc {seed} # shrinks to {shrunken_value:?}"
        );
    }

    fn box_clone(&self) -> Box<dyn proptest::test_runner::FailurePersistence> {
        Box::new(self.clone())
    }

    fn eq(&self, other: &dyn proptest::test_runner::FailurePersistence) -> bool {
        other.as_any().downcast_ref::<ReadOnly>() == Some(self)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
