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


def plan(path):
    out = subprocess.run(
        [capmix_bin(), "plan", str(path), "--format", "json", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 2), out.stderr
    return json.loads(out.stdout)


def export(path, tmp_path):
    mps = tmp_path / "model.mps"
    lp = tmp_path / "model.lp"
    subprocess.run(
        [capmix_bin(), "export", str(path), "--mps", str(mps), "--lp", str(lp)],
        check=True,
        capture_output=True,
    )
    return mps, lp


# Whole-unit programs are solved to capmix's default relative gap (0.1%): proving the exact
# optimum of the flagship's MILP takes HiGHS minutes, and capmix's own `optimal` means
# "within 0.1%". Two answers each within GAP of the optimum are within 2 GAP of each other.
GAP = 1e-3


def highs_solve(path):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", GAP)
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk, path
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    return h, status, h.getInfo().objective_function_value


def check(path, tmp_path, expected=None):
    capmix = plan(path)
    mps, lp = export(path, tmp_path)
    for model in (mps, lp):
        h, status, objective = highs_solve(model)
        if capmix["status"] == "infeasible":
            assert status == "Infeasible", (model, status)
            continue
        assert status == "Optimal", (model, status)
        whole = capmix.get("integer_units", False)
        tol = 2 * GAP if whole else REL_TOL
        if capmix["status"] == "optimal":
            assert close(objective, capmix["objective"], tol), (model, objective, capmix["objective"])
        else:
            # A plan that is not proven optimal (integer units by rounding) cannot beat the
            # optimum of the exported MILP by more than HiGHS's own gap.
            assert objective <= capmix["objective"] * (1 + tol), (model, objective)
        if expected is not None:
            assert close(objective, expected["objective"], tol), (model, objective, expected)
        # Names are readable: allocation columns are x.<workload>.<offering>.p<t>.<segment>.
        names = [h.getColName(j)[1] for j in range(h.getNumCol())]
        assert any(n.startswith("x.") for n in names), names[:5]


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
