//! Get and set HiGHS's simplex basis through the C API, for capmix's warm starts (a
//! re-solve of an edited LP from the last optimal basis takes a few hundred dual simplex
//! pivots instead of thousands).
//!
//! The [`highs`] crate owns the `Highs` object and exposes its pointer but not these two
//! calls. The unsafe blocks here are the workspace's only ones: each reads or writes
//! exactly as many statuses as the model has columns and rows, which it asks HiGHS for
//! on the same object first.
//!
//! Without the `highs` feature only the data type is here (pure Rust, for every target).

/// HiGHS's `HighsInt` (32 bits unless HiGHS is built with `HIGHSINT64`, which highs-sys
/// does not do).
pub type HighsInt = i32;

/// A simplex basis: one status per column and per row, in HiGHS's numbering
/// (`HighsBasisStatus`: 0 at lower bound, 1 basic, 2 at upper bound, 3 zero (free), 4
/// nonbasic).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Statuses {
    /// One status per column, in column order.
    pub cols: Vec<HighsInt>,
    /// One status per row, in row order.
    pub rows: Vec<HighsInt>,
}

/// Nonbasic at its lower bound.
pub const LOWER: HighsInt = 0;
/// Basic.
pub const BASIC: HighsInt = 1;
/// Nonbasic at its upper bound.
pub const UPPER: HighsInt = 2;

#[cfg(feature = "highs")]
pub use ffi::{basis, set_basis};

#[cfg(feature = "highs")]
#[expect(
    unsafe_code,
    reason = "the HiGHS C API calls Highs_getBasis and Highs_setBasis, which the highs crate does not wrap"
)]
mod ffi {
    use super::{HighsInt, Statuses};

    /// The basis HiGHS holds after a solve, when it has a valid one (an optimal LP solved by
    /// simplex, or by interior point with crossover).
    pub fn basis(solved: &highs::SolvedModel) -> Option<Statuses> {
        let ptr = solved.as_ptr();
        // SAFETY: `ptr` is the live Highs object owned by `solved`, borrowed for this call.
        let (num_col, num_row) = unsafe {
            (
                highs_sys::Highs_getNumCol(ptr),
                highs_sys::Highs_getNumRow(ptr),
            )
        };
        let mut validity: HighsInt = 0;
        // SAFETY: as above; `validity` outlives the call.
        let status = unsafe {
            highs_sys::Highs_getIntInfoValue(ptr, c"basis_validity".as_ptr(), &mut validity)
        };
        if status != highs_sys::STATUS_OK || validity != 1 {
            return None;
        }
        let mut s = Statuses {
            cols: vec![0; usize::try_from(num_col).ok()?],
            rows: vec![0; usize::try_from(num_row).ok()?],
        };
        // SAFETY: the buffers hold exactly num_col and num_row statuses, as HiGHS writes.
        let status =
            unsafe { highs_sys::Highs_getBasis(ptr, s.cols.as_mut_ptr(), s.rows.as_mut_ptr()) };
        (status == highs_sys::STATUS_OK).then_some(s)
    }

    // HighsInt must be the C API's.
    const _: fn(highs_sys::HighsInt) -> HighsInt = |x| x;

    /// Starts the next solve of `model` from `basis`: whether HiGHS took it. A basis of the
    /// wrong size is refused here; one of the right size but singular or inconsistent is an
    /// "alien" basis, which HiGHS completes or repairs (rank deficiency, wrong count of basic
    /// variables) before its simplex starts. Statuses outside 0..=4 are refused by HiGHS.
    pub fn set_basis(model: &mut highs::Model, basis: &Statuses) -> bool {
        let ptr = model.as_mut_ptr();
        // SAFETY: `ptr` is the live Highs object owned by `model`, borrowed mutably for this call.
        let (num_col, num_row) = unsafe {
            (
                highs_sys::Highs_getNumCol(ptr),
                highs_sys::Highs_getNumRow(ptr),
            )
        };
        if usize::try_from(num_col).ok() != Some(basis.cols.len())
            || usize::try_from(num_row).ok() != Some(basis.rows.len())
        {
            return false;
        }
        // SAFETY: HiGHS reads exactly num_col and num_row statuses, the slices' lengths.
        let status =
            unsafe { highs_sys::Highs_setBasis(ptr, basis.cols.as_ptr(), basis.rows.as_ptr()) };
        status == highs_sys::STATUS_OK
    }
}

#[cfg(all(test, feature = "highs"))]
mod tests {
    use super::*;
    use highs::{HighsModelStatus, RowProblem, Sense};

    /// min x + 2y s.t. x + y >= rhs, x <= 3: x = 3, y = rhs - 3 for rhs > 3.
    fn model(rhs: f64) -> highs::Model {
        let mut p = RowProblem::default();
        let x = p.add_column(1.0, 0.0..=3.0);
        let y = p.add_column(2.0, 0.0..);
        p.add_row(rhs.., [(x, 1.0), (y, 1.0)]);
        let mut m = p.optimise(Sense::Minimise);
        m.make_quiet();
        m
    }

    #[test]
    fn a_basis_round_trips_and_restarts_an_edited_program() {
        let solved = model(5.0).solve();
        assert_eq!(solved.status(), HighsModelStatus::Optimal);
        let b = basis(&solved).unwrap();
        // x at its upper bound, y basic, the row at its bound.
        assert_eq!(b.cols, vec![UPPER, BASIC]);
        assert_eq!(b.rows.len(), 1);
        let mut edited = model(6.0);
        assert!(set_basis(&mut edited, &b));
        let solved = edited.solve();
        assert_eq!(solved.status(), HighsModelStatus::Optimal);
        assert_eq!(solved.get_solution().columns(), &[3.0, 3.0]);
        // The same basis is optimal for the edited program: no pivot was needed.
        assert_eq!(solved.simplex_iteration_count(), 0);
    }

    #[test]
    fn a_basis_of_the_wrong_size_is_refused() {
        let mut m = model(5.0);
        let wrong = Statuses {
            cols: vec![BASIC],
            rows: vec![LOWER],
        };
        assert!(!set_basis(&mut m, &wrong));
    }
}
