#!/usr/bin/env bash
# Installs Label Studio into its OWN virtual environment (never the project's: its Django
# stack pins packages the NER code does not want) and prints the path of its
# `label-studio` binary on the last line of stdout.
#
#   ANNINH_LABEL_STUDIO="$(bash scripts/label_studio_env.sh | tail -n 1)"
#
# The venv lives in a cache folder and is reused when it already answers `--version`,
# so a second CI run costs nothing. tests/test_review_labelstudio.py starts the server
# from the binary named by $ANNINH_LABEL_STUDIO.
set -euo pipefail
VERSION="${LABEL_STUDIO_VERSION:-1.23.2}"
PY="${PYTHON:-python3}"
CACHE="${ANNINH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/anninh}"
VENV="$CACHE/label-studio-$VERSION"
BIN="$VENV/bin/label-studio"
if [ -x "$BIN" ] && "$VENV/bin/python" -c "import label_studio" >/dev/null 2>&1; then
    echo "label-studio $VERSION already installed in $VENV" >&2
else
    echo "installing label-studio $VERSION into $VENV (about a minute)" >&2
    rm -rf "$VENV"
    mkdir -p "$CACHE"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet "label-studio==$VERSION" >&2
fi
echo "$BIN"
