#!/usr/bin/env bash
# Print the path of a Python interpreter of at least the version asked for (default 3.12),
# found the way a developer's machine has one:
#   1. $PYTHON_BUILD (or, for an exact version, $PYTHON_OLDEST), if set: an explicit choice wins;
#   2. python3.13, python3.12 on PATH (a pyenv *shim* only counts if it really runs: pyenv's
#      shims answer "command not found" until that version is selected);
#   3. pyenv's installed versions, newest first, via the binary under $(pyenv root)/versions;
#   4. otherwise exit 1 with a message saying which version is needed and how to get it.
# Why 3.12: the build tools (pyodide-lock 0.2.x, pyodide-build 0.26+) need it; the engine
# itself still runs on 3.11 (make test runs its tests there too, see MIN_ENGINE in Makefile).
#
#   scripts/find_python.sh            -> 3.12 or newer
#   scripts/find_python.sh 3.11       -> exactly a 3.11 (the engine's oldest supported Python)
set -euo pipefail
want="${1:-3.12+}"
exact=""
case "$want" in
  *+) minimum="${want%+}" ;;
  *) minimum="$want"; exact=1 ;;
esac
min_major="${minimum%%.*}"
min_minor="${minimum#*.}"

# Does "$1" run and report a version that fits? Prints the interpreter's real path if so.
fits() {
  local candidate="$1" version
  version="$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" || return 1
  local major="${version%%.*}" minor="${version#*.}"
  if [[ -n "$exact" ]]; then
    [[ "$major" == "$min_major" && "$minor" == "$min_minor" ]] || return 1
  else
    (( major > min_major || (major == min_major && minor >= min_minor) )) || return 1
  fi
  "$candidate" -c 'import sys; print(sys.executable)'
}

# The explicit choice: PYTHON_BUILD for the build's 3.12+, PYTHON_OLDEST for an exact version.
override_var=PYTHON_BUILD
[[ -n "$exact" ]] && override_var=PYTHON_OLDEST
if [[ -n "${!override_var:-}" ]]; then
  fits "${!override_var}" && exit 0
  echo "$override_var=${!override_var} is not a working Python $want" >&2
  exit 1
fi

if [[ -n "$exact" ]]; then
  names=("python$minimum")
else
  names=(python3.12 python3.13 python3.14)  # the oldest that fits first: the best-tested wheels
fi
for name in "${names[@]}"; do
  if command -v "$name" >/dev/null 2>&1 && fits "$name"; then exit 0; fi
done

if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root)"
  # Oldest fitting first, as on PATH: sort by version numbers, not as text (3.12.10 after 3.12.9).
  while read -r version; do
    [[ -n "$version" ]] || continue
    for binary in "$root/versions/$version/bin/python3" "$root/versions/$version/bin/python"; do
      if [[ -x "$binary" ]] && fits "$binary"; then exit 0; fi
    done
  done < <(ls -1 "$root/versions" 2>/dev/null | grep -E '^[0-9]+\.[0-9]+' | sort -t. -k1,1n -k2,2n -k3,3n)
fi

purpose="the build tools (pyodide-lock 0.2.x) need it"
[[ -n "$exact" ]] && purpose="the engine's tests also run on its oldest supported Python"
{
  echo "No Python $want found (looked at \$$override_var, ${names[*]} on PATH, pyenv's installed versions)."
  echo "This project needs Python $want: $purpose."
  echo "Get one with your package manager (e.g. 'apt install python$minimum-venv', 'brew install python@$minimum'),"
  echo "or with pyenv: 'pyenv install $minimum' (no need to select it: it is found under \$(pyenv root)/versions),"
  echo "or point $override_var at one: '$override_var=/path/to/python$minimum make setup'."
} >&2
exit 1
