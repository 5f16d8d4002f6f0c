//! Throughput, workload filters and compatibility, limits and options.

use super::*;

#[test]
fn throughput_not_positive() {
    let mut s = base();
    s.workloads[0].throughput.insert("H100".into(), 0.0);
    expect_invalid(&s, "workloads[0].throughput.H100", &["> 0"]);
    s.workloads[0].throughput.insert("H100".into(), -1.0);
    expect_invalid(&s, "workloads[0].throughput.H100", &["> 0"]);
}

#[test]
fn workload_unknown_provider_in_allow_list() {
    let mut s = base();
    s.workloads[0].providers = Some(vec!["a".into(), "azure".into()]);
    expect_invalid(
        &s,
        "workloads[0].providers[1]",
        &["unknown provider", "azure"],
    );
}

#[test]
fn workload_empty_region_glob() {
    let mut s = base();
    s.workloads[0].regions = Some(vec!["us-*".into(), String::new()]);
    expect_invalid(&s, "workloads[0].regions[1]", &["empty"]);
}

#[test]
fn workload_max_spot_share_outside_unit_interval() {
    let mut s = base();
    s.workloads[0].max_spot_share = Some(-0.5);
    expect_invalid(&s, "workloads[0].max_spot_share", &["[0, 1]"]);
}

#[test]
fn workload_negative_shortfall_penalty() {
    let mut s = base();
    s.workloads[1].shortfall_penalty = Some(-100.0);
    expect_invalid(&s, "workloads[1].shortfall_penalty", &[">= 0"]);
}

#[test]
fn workload_without_throughput_entries() {
    let mut s = base();
    s.workloads[0].throughput.clear();
    expect_invalid(&s, "workloads[0]", &["no throughput entries"]);
}

#[test]
fn workload_without_compatible_accelerator() {
    let mut s = base();
    s.workloads[0].throughput.clear();
    s.workloads[0].throughput.insert("TPU-v6e".into(), 0.7);
    expect_invalid(
        &s,
        "workloads[0]",
        &["no offering can serve", "TPU-v6e", "H100"],
    );
}

#[test]
fn workload_compatible_but_filtered_out_by_regions() {
    let mut s = base();
    s.workloads[0].regions = Some(vec!["ap-*".into()]);
    expect_invalid(
        &s,
        "workloads[0]",
        &[
            "no offering can serve",
            "3 offerings",
            "provider/region filters",
        ],
    );
}

#[test]
fn workload_compatible_but_filtered_out_by_providers_and_regions() {
    // Provider a only has us-east-1; b has eu-west-1; allowing a in eu-* leaves nothing.
    let mut s = base();
    s.workloads[1].providers = Some(vec!["a".into()]);
    s.workloads[1].regions = Some(vec!["eu-*".into()]);
    expect_invalid(&s, "workloads[1]", &["provider/region filters"]);
    // Each filter alone leaves something.
    s.workloads[1].regions = None;
    validate_scenario(&s).unwrap();
}

// ---------------------------------------------------------------- limits and options

#[test]
fn limits_reject_large_inputs() {
    let s = base();
    let cases: [(Limits, &str); 5] = [
        (
            Limits {
                max_offerings: 1,
                ..Default::default()
            },
            "offerings",
        ),
        (
            Limits {
                max_periods: 1,
                ..Default::default()
            },
            "horizon.periods",
        ),
        (
            Limits {
                max_segments: 1,
                ..Default::default()
            },
            "segments",
        ),
        (
            Limits {
                max_workloads: 1,
                ..Default::default()
            },
            "workloads",
        ),
        (
            Limits {
                max_variables: 10,
                ..Default::default()
            },
            "scenario",
        ),
    ];
    for (limits, path) in cases {
        let err = capmix::expand_with(&s, &limits, &Deadline::none())
            .and_then(|e| capmix::validate_with(&e, &limits, &Deadline::none()))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.kind(), "limit", "{err}");
        assert_eq!(err.path(), Some(path), "{err}");
        assert!(err.reason().contains("limit"), "{err}");
        let via_plan = plan(
            &s,
            &PlanOptions {
                limits,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(via_plan.kind(), "limit");
        assert_eq!(via_plan.path(), Some(path));
    }
    // The defaults accept the base scenario.
    validate_scenario(&s).unwrap();
}

#[test]
fn invalid_options() {
    let s = base();
    let err = plan(
        &s,
        &PlanOptions {
            time_limit: Some(-1.0),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        ("invalid_option", Some("time_limit"))
    );
    assert!(err.reason().contains(">= 0"), "{err}");
    let err = plan(
        &s,
        &PlanOptions {
            time_limit: Some(f64::NAN),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        ("invalid_option", Some("time_limit"))
    );
    let err = plan(
        &s,
        &PlanOptions {
            mip_gap: Some(1.0),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        ("invalid_option", Some("mip_gap"))
    );
    assert!(err.reason().contains("[0, 1)"), "{err}");
    let err = "cplex".parse::<SolverKind>().unwrap_err();
    assert_eq!((err.kind(), err.path()), ("invalid_option", Some("solver")));
}

#[cfg(not(feature = "highs"))]
#[test]
fn unavailable_solver() {
    let err = plan(
        &base(),
        &PlanOptions {
            solver: SolverKind::Highs,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), "solver_unavailable");
    assert_eq!(err.path(), None);
    assert!(err.to_string().contains("--features highs"), "{err}");
}

// ---------------------------------------------------------------- parse errors
