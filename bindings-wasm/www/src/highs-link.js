// HiGHS for capmix in the browser and Node.js: the npm package `highs` (HiGHS compiled to
// WebAssembly) behind capmix's `useHighs`. capmix formulates, scales, rounds, certifies and
// verifies; this function only hands HiGHS the program's arrays and reads its answer back.
//
//   import loadHighs from "highs";
//   capmix.useHighs(highsSolver(await loadHighs({ locateFile: () => highsWasmUrl })));

const PRIMAL_FEASIBLE = 2; // primal_solution_status
const BASIS_VALID = 1; // basis_validity

/** The `solve` function of `useHighs` for a loaded `highs` runtime. */
export function highsSolver(highs) {
  return (p) => {
    const model = highs.createModel();
    try {
      model.options.set({ output_flag: false, log_to_console: false });
      if (p.timeLimit != null) model.options.set("time_limit", p.timeLimit);
      if (p.mipRelGap != null) {
        // Only the relative gap (see capmix's native HiGHS backend).
        model.options.set({ mip_rel_gap: p.mipRelGap, mip_abs_gap: 0 });
      }
      model.passModel({
        numCols: p.numCols,
        numRows: p.numRows,
        colCost: p.colCost,
        colLower: p.colLower,
        colUpper: p.colUpper,
        rowLower: p.rowLower,
        rowUpper: p.rowUpper,
        matrix: { format: "csr", numRows: p.numRows, numCols: p.numCols, starts: p.rowStarts, indices: p.rowIndices, values: p.rowValues },
        ...(p.integrality ? { integrality: p.integrality } : {}),
      });
      // A start or basis HiGHS does not take is no start: the solve begins from scratch.
      if (p.mipStart) {
        try { model.setSolution({ colValue: p.mipStart }); } catch { /* no start */ }
      }
      if (p.basis) {
        try { model.setBasis(p.basis); } catch { /* no basis */ }
      }
      const { modelStatus } = model.run();
      const primalFeasible = Number(model.info.get("primal_solution_status")) === PRIMAL_FEASIBLE;
      const solution = primalFeasible ? model.getSolution() : null;
      let basis = null;
      if (p.wantDuals && !p.integrality && primalFeasible) {
        try {
          if (Number(model.info.get("basis_validity")) === BASIS_VALID) basis = model.getBasis();
        } catch { /* no basis */ }
      }
      return {
        modelStatus,
        primalFeasible,
        colValue: solution?.colValue ?? null,
        rowDual: p.wantDuals && solution ? solution.rowDual : null,
        basis,
        objective: primalFeasible ? Number(model.info.get("objective_function_value")) : null,
        mipDualBound: p.integrality ? Number(model.info.get("mip_dual_bound")) : null,
      };
    } finally {
      model.dispose();
    }
  };
}
