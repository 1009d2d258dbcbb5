#!/usr/bin/env bash
# Re-runs every reference script into a temporary folder and compares the result with the committed
# JSON that the tests read (numbers to 1e-9 relative). Exits non-zero on any difference or failure.
#
#   bash test/analysis/reference/check.sh
#
# Needs R with the survey and jsonlite packages and Python 3 with SciPy
# (Debian: apt-get install r-cran-survey r-cran-jsonlite python3-scipy).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0

for script in "$here"/*.R "$here"/*.py; do
  name="$(basename "$script")"
  [ "$name" = compare_json.py ] && continue
  json="${name%.*}.json"
  case "$script" in
    *.R) Rscript "$script" "$work/$json" ;;
    *.py) "$python" "$script" "$work/$json" ;;
  esac
  if "$python" "$here/compare_json.py" "$here/$json" "$work/$json"; then
    echo "ok   $json matches a fresh run of $name"
  else
    echo "FAIL $json differs from a fresh run of $name"
    status=1
  fi
done
exit "$status"
