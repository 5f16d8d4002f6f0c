//! Single routing: a workload with `routing = "single"` runs on one accelerator type for the
//! whole horizon.
//!
//! With binaries (a MILP solver): Σ_a z_{w,a} = 1 and x_{w,o,t,k} ≤ M·z_{w,a(o)}, where M is
//! the units of o that would carry w's demand in (t, k) alone (tightened by the cap).
//! Without, the solve stage fixes the accelerator and builds no such rows.

use super::{Build, Family, RowKind};
use crate::document::PolicyFamily;
use crate::formulate::{At, RoutingMode, Sense, Tag, VarKind};
use crate::options::PlanOptions;
use crate::scenario::{Routing as Rule, Scenario};

pub(crate) struct Routing;

impl Family for Routing {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::SingleRouting)
    }

    fn build(&self, b: &mut Build<'_>) {
        if b.spec.routing != RoutingMode::Binary {
            return;
        }
        let (model, x) = (b.model, b.x);
        for (w, wl) in model.workloads.iter().enumerate() {
            if wl.routing != Rule::Single {
                continue;
            }
            let accs = wl.accelerators(model);
            let z: Vec<usize> = (0..accs.len())
                .map(|acc| b.lp.add_var(VarKind::Route { w, acc }, 0.0, 1.0, true))
                .collect();
            let at = At {
                w: Some(w),
                ..At::default()
            };
            let choice = z.iter().map(|&v| (v, 1.0)).collect();
            b.lp.add_row(choice, Sense::Eq, 1.0, Tag::new(RowKind::RouteChoice, at));
            for (j, u) in wl.usable.iter().enumerate() {
                let off = &model.offerings[u.offering];
                let Some(a) = accs.iter().position(|&a| a == off.accelerator) else {
                    continue;
                };
                for t in wl.periods() {
                    for k in 0..model.segments.len() {
                        let Some(v) = x.get(model, w, j, t, k) else {
                            continue;
                        };
                        let alone = if wl.is_serving() {
                            model.rate(w, t, k) / u.gain
                        } else {
                            wl.total / (u.gain * model.seg_hours(t, k))
                        };
                        let big_m = off.cap.map_or(alone, |c| c.min(alone));
                        let at = At {
                            o: Some(u.offering),
                            ..At::wtk(w, t, k)
                        };
                        let tag = Tag::new(RowKind::RouteLink, at);
                        b.lp.add_row(vec![(v, 1.0), (z[a], -big_m)], Sense::Le, 0.0, tag);
                    }
                }
            }
        }
    }

    fn prefix(&self, kind: RowKind) -> &'static str {
        match kind {
            RowKind::RouteLink => "routelink",
            _ => "route",
        }
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.workloads.iter().any(|w| w.routing == Rule::Single)
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.workloads.iter_mut().for_each(|w| w.routing = Rule::Split);
    }

    fn label(&self, _s: &Scenario) -> String {
        "single routing".into()
    }

    fn setting(&self, s: &Scenario) -> String {
        let ids: Vec<&str> = s
            .workloads
            .iter()
            .filter(|w| w.routing == Rule::Single)
            .map(|w| w.id.as_str())
            .collect();
        format!("single routing ({})", ids.join(", "))
    }
}
