//! The plan stage: a [`Solution`](crate::solve::Solution) read back into the plan document
//! ([`crate::document::Plan`]): allocations, commitments, fleet, costs, achieved figures and
//! shadow prices.

mod achieved;
mod build;
mod costs;
mod purchases;
mod shadow;
mod skypilot;
mod words;

pub(crate) use build::build;
pub use purchases::PurchaseLine;
pub use skypilot::SkyPilotTask;
