#!/usr/bin/env bash
# Builds the capmix Python package and runs its test suite, on a fresh machine or a warm one.
# Needs Rust (cargo) and python3 >= 3.10 with pip and venv; everything else is installed here.
#
#   CAPMIX_PY_VENV=DIR     the virtualenv (default: bindings-py/.venv, gitignored; reused)
#   CAPMIX_PY_FEATURES=F   extra cargo features of the wheel (HiGHS is always in: pyproject.toml)
#   PYTHON=python3.12      the interpreter that creates the virtualenv
#   extra arguments        passed to pytest (e.g. `-k dask -x`)
#
# The package is installed the way a user installs it (`pip install ./bindings-py[test]`:
# a release build of the abi3 wheel through maturin), then pytest runs tests/.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n==> %s\n' "$*"; }

venv="${CAPMIX_PY_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
  step "creating virtualenv $venv"
  "${PYTHON:-python3}" -m venv "$venv"
fi
# shellcheck disable=SC1091
. "$venv/bin/activate"

build_args=()
if [ -n "${CAPMIX_PY_FEATURES:-}" ]; then
  build_args=(--config-settings=build-args="--features ${CAPMIX_PY_FEATURES}")
fi

step "pip install ./bindings-py[test] (release build of the wheel)"
start=$SECONDS
pip install --quiet "${build_args[@]}" ".[test]"
echo "installed capmix $(python -c 'import capmix; print(capmix.__version__, capmix.SOLVERS)') in $((SECONDS - start)) s"

step "pytest"
# MPLBACKEND: charts render off-screen; the notebook test picks its own inline backend.
MPLBACKEND=Agg python -m pytest -q -p no:cacheprovider --durations=12 "$@"
