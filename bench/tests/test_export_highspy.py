"""capmix's model export, re-solved by an independent solver (HiGHS through highspy).

For every shared fixture, every example scenario and two generated benchmark scenarios:
`capmix export FILE --mps OUT.mps --lp OUT.lp`, then highspy reads each file and solves it.
The optimum (with the objective constant, written as the objective row's RHS = -constant
in MPS and as a constant term in LP format) must equal capmix's own `objective`, and for
the fixtures the hand-derived one in tests/fixtures/expected.json.

Run through bench/test-export.sh (builds the binaries, sets up the venv). The binaries are
found through $CAPMIX_BIN (the `capmix` CLI) and $CAPMIX_GEN (the generator).
"""

import json
import os
import pathlib
import subprocess

import highspy
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples" / "scenarios"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
REL_TOL = 1e-6


def capmix_bin():
    return os.environ.get("CAPMIX_BIN", str(ROOT / "target" / "release" / "capmix"))


def gen_bin():
    return os.environ.get("CAPMIX_GEN", str(ROOT / "target" / "release" / "capmix-gen"))


def close(a, b, tol=REL_TOL):
    return abs(a - b) <= tol * max(abs(a), abs(b), 1.0)


def plan(path, *flags):
    out = subprocess.run(
        [capmix_bin(), "plan", str(path), "--format", "json", "--quiet", *flags],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 2), out.stderr
    return json.loads(out.stdout)


def export(path, tmp_path, *flags):
    mps = tmp_path / "model.mps"
    lp = tmp_path / "model.lp"
    subprocess.run(
        [capmix_bin(), "export", str(path), "--mps", str(mps), "--lp", str(lp), *flags],
        check=True,
        capture_output=True,
    )
    return mps, lp


# Whole-unit programs are solved to capmix's default relative gap (0.1%), and both sides get
# a time limit: proving the flagship's exact MILP optimum takes HiGHS minutes. The checks
# below hold whatever either solver proved in that time (see check_whole).
GAP = 1e-3
SECONDS = 8


def highs_solve(path, time_limit=None):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", GAP)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk, path
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    return h, status, h.getInfo().objective_function_value


def integrality(path):
    """(columns, names of the integer columns) of the program in `path`."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk, path
    lp = h.getLp()
    ints = [h.getColName(j)[1] for j, t in enumerate(lp.integrality_) if t == highspy.HighsVarType.kInteger]
    return lp.num_col_, sorted(ints)


def check_fluid(path, tmp_path, expected=None):
    """The LP relaxation: both formats re-solve to capmix's objective, exactly."""
    capmix = plan(path, "--fluid")
    mps, lp = export(path, tmp_path, "--fluid")
    for model in (mps, lp):
        # Only single routing's binaries (route.<workload>.<accelerator>) stay integer.
        ints = integrality(model)[1]
        assert all(".route." in f".{n}" for n in ints), (model, ints[:5])
        h, status, objective = highs_solve(model)
        if capmix["status"] == "infeasible":
            assert status == "Infeasible", (model, status)
            continue
        assert status == "Optimal", (model, status)
        assert close(objective, capmix["objective"]), (model, objective, capmix["objective"])
        if expected is not None:
            assert close(objective, expected["objective"]), (model, objective, expected)
        # Names are readable: allocation columns are x.<workload>.<offering>.p<t>.<segment>.
        names = [h.getColName(j)[1] for j in range(h.getNumCol())]
        assert any(n.startswith("x.") or ".x." in n for n in names), names[:5]


def check_whole(path, tmp_path, expected=None):
    """The whole-unit MILP (the default), each side within SECONDS.

    Let z* be the exported MILP's optimum. capmix's plan is feasible for it, so z* <= capmix's
    objective, and HiGHS's dual bound is <= z*: the bound never exceeds capmix's objective.
    HiGHS's incumbent is feasible too, so z* <= incumbent; when capmix proves its plan within
    GAP of optimal, capmix's objective <= (1 + GAP) z* <= (1 + GAP) incumbent. When both prove
    their gap the two objectives agree to 2 GAP.
    """
    capmix = plan(path, "--integer", "--time-limit", str(SECONDS))
    mps, lp = export(path, tmp_path, "--integer")
    # Both formats carry the same integer columns; only the MPS file is solved (the LP
    # format's reading is checked on the relaxation above).
    assert integrality(mps) == integrality(lp), (integrality(mps), integrality(lp))
    h, status, objective = highs_solve(mps, SECONDS)
    if capmix["status"] == "infeasible":
        assert status == "Infeasible", (mps, status)
        return
    assert status in ("Optimal", "Time limit reached"), (mps, status)
    if capmix["objective"] is None:
        # capmix's time limit ended before its first whole-unit plan (seen on a loaded CI
        # machine): nothing to compare but that it says so.
        assert capmix["status"] == "time_limit", capmix["status"]
        return
    info = h.getInfo()
    tol = 2 * GAP
    bound = info.mip_dual_bound
    assert bound <= capmix["objective"] * (1 + 1e-6) + 1e-6, (bound, capmix["objective"])
    if info.primal_solution_status == 2 and capmix["status"] == "optimal":
        assert capmix["objective"] <= objective * (1 + GAP) + 1e-6, (capmix["objective"], objective)
    if status == "Optimal" and capmix["status"] == "optimal":
        assert close(objective, capmix["objective"], tol), (objective, capmix["objective"])
    if expected is not None and status == "Optimal":
        assert close(objective, expected["objective"], tol), (objective, expected)


def check(path, tmp_path, expected=None):
    fluid, whole = tmp_path / "fluid", tmp_path / "whole"
    fluid.mkdir()
    whole.mkdir()
    # The hand-derived optimum of a fixture is for the fixture's own mode (its policy).
    whole_default = expected is not None and plan(path).get("integer_units", False)
    check_fluid(path, fluid, None if whole_default else expected)
    check_whole(path, whole, expected if whole_default else None)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_export_resolves_to_the_hand_derived_optimum(name, tmp_path):
    check(FIXTURES / name, tmp_path, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_example_export_resolves_to_capmix_optimum(name, tmp_path):
    check(EXAMPLES / name, tmp_path)


@pytest.mark.parametrize("size", ["300", "3k"])
def test_generated_export_resolves_to_capmix_optimum(size, tmp_path):
    scenario = tmp_path / f"gen-{size}.json"
    subprocess.run([gen_bin(), size, "--seed", "1", "-o", str(scenario)], check=True, capture_output=True)
    check(scenario, tmp_path)


def test_objective_constant_is_read_as_an_offset(tmp_path):
    # Fixture 10 has existing commitments: a constant of 4800 USD in the objective.
    mps, lp = export(FIXTURES / "10-existing-amortize.json", tmp_path)
    assert "RHS  COST  -4800.0" in mps.read_text()
    for model in (mps, lp):
        h, status, objective = highs_solve(model)
        assert h.getLp().offset_ == pytest.approx(4800.0)
        assert objective == pytest.approx(8100.0)
