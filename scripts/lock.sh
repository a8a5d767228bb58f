#!/usr/bin/env bash
# Write a hash-locked requirements file: resolve the top-level pins with PYTHON in a scratch
# venv, freeze the result, then let pip-compile record the sha256 of every file the index
# offers for each exact version (pip install --require-hashes checks them).
#   scripts/lock.sh PYTHON OUTPUT PIN...
set -euo pipefail
python="$1" output="$2"
shift 2
scratch="$(mktemp -d /tmp/merlin-lock-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
"$python" -m venv "$scratch/venv"
pip=("$scratch/venv/bin/pip" --quiet --disable-pip-version-check)
"${pip[@]}" install "$@"
"${pip[@]}" freeze > "$scratch/pinned.in"
"${pip[@]}" install "pip-tools==7.6.2"
"$scratch/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --no-header --strip-extras \
  -o "$scratch/hashed.txt" "$scratch/pinned.in"
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
{
  echo "# Exact versions of every Python package installed from this file (resolved on Python $version),"
  echo "# with the sha256 of every file the index offers for each: installed with \`pip install --require-hashes\`."
  echo "# Regenerate: make lock  (scripts/lock.sh: pip-compile --generate-hashes over the pinned set)."
  grep -v -e '^--' -e '^ *#' "$scratch/hashed.txt" | sed '/^$/d'
} > "$output.new"
mv "$output.new" "$output"
