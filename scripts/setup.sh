#!/usr/bin/env bash
# One-command set-up: installs torch the right way for this machine, then the package.
# - torch already importable (a CUDA build on a GPU server, say): kept as it is.
# - a GPU visible (nvidia-smi works): the default PyPI torch, a CUDA build.
# - otherwise: torch==2.13.0, which these machines hold as a CPU build on local disk;
#   an unpinned torch would pull a multi-GB CUDA build onto a CPU-only machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if "$PY" -c "import torch" >/dev/null 2>&1; then
    echo "setup: torch $("$PY" -c 'import torch; print(torch.__version__)') already installed, keeping it"
elif command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1; then
    echo "setup: GPU found, installing a CUDA build of torch"
    "$PY" -m pip install "torch>=2.1"
else
    echo "setup: no GPU, installing the CPU build torch==2.13.0"
    "$PY" -m pip install "torch==2.13.0"
fi
"$PY" -m pip install -e ".[dev,serve,ray]"
# Label Studio, in its own virtual environment under ~/.cache/anninh (reused when present),
# for the review loop's round-trip test against a real server. ANNINH_SKIP_LABEL_STUDIO=1 skips it.
if [ "${ANNINH_SKIP_LABEL_STUDIO:-0}" != "1" ]; then
    PYTHON="$PY" bash scripts/label_studio_env.sh >/dev/null
fi
