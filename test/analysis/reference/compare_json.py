"""Compares two JSON files written by the reference scripts: numbers within a relative tolerance,
everything else exactly. Exit 1 and a list of differences when they differ.

    /usr/bin/python3 compare_json.py committed.json fresh.json [relative tolerance, default 1e-9]
"""
import json
import math
import sys


def differences(a, b, path="$", rel=1e-9):
    if isinstance(a, bool) or isinstance(b, bool) or not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        if type(a) is not type(b):
            yield f"{path}: {a!r} != {b!r}"
        elif isinstance(a, dict):
            for key in sorted(set(a) | set(b)):
                if key in ("r", "survey", "scipy"):  # tool versions: informational
                    continue
                if key not in a or key not in b:
                    yield f"{path}.{key}: only in one file"
                else:
                    yield from differences(a[key], b[key], f"{path}.{key}", rel)
        elif isinstance(a, list):
            if len(a) != len(b):
                yield f"{path}: length {len(a)} != {len(b)}"
            for i, (x, y) in enumerate(zip(a, b)):
                yield from differences(x, y, f"{path}[{i}]", rel)
        elif a != b:
            yield f"{path}: {a!r} != {b!r}"
        return
    if not math.isclose(a, b, rel_tol=rel, abs_tol=1e-300):
        yield f"{path}: {a!r} != {b!r}"


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        committed = json.load(f)
    with open(sys.argv[2]) as f:
        fresh = json.load(f)
    rel = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
    found = list(differences(committed, fresh, rel=rel))
    for line in found[:50]:
        print(line)
    sys.exit(1 if found else 0)
