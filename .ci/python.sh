#!/usr/bin/env bash
# The Python package and the Spark job: a virtual environment under python/.venv with the
# pinned tools from PyPI (python/requirements.txt), the wheel built from source with maturin and
# installed, then pytest: the bindings against the Rust API, and the Spark job in local mode
# (on the dev set when ../shared/data is beside the checkout, else on the fixtures).
# FRESH=1 recreates the environment.
set -euo pipefail
cd "$(dirname "$0")/../python"
start=$(date +%s)
echo "== .ci/python.sh: the Python package and the Spark job"

if ! command -v java >/dev/null 2>&1; then
  # Spark needs a Java runtime (17 or later); Debian's package when it is missing.
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless
fi
if [ "${FRESH:-0}" = 1 ] || [ ! -x .venv/bin/python ]; then
  rm -rf .venv
  python3 -m venv .venv
fi
echo "== pip install -r python/requirements.txt"
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt

echo "== cargo fmt --check (bindings crate)"
cargo fmt --manifest-path Cargo.toml -- --check
echo "== maturin build --release (abi3 wheel, Python >= 3.9)"
rm -rf target/wheels
.venv/bin/maturin build --release --locked --quiet --interpreter .venv/bin/python -o target/wheels
.venv/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/bilingual_dedup-*.whl

echo "== pytest (bindings, Spark local mode)"
# Run from tests/ so that the source folder cannot shadow the installed wheel.
(cd tests && ../.venv/bin/pytest -q -p no:cacheprovider .)
echo "== python.sh took $(( $(date +%s) - start )) s"
