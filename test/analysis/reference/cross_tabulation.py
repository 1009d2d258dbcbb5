"""Expected values for crossTabulate, computed with SciPy.

    /usr/bin/python3 test/analysis/reference/cross_tabulation.py test/analysis/reference/cross_tabulation.json

(Debian: python3-scipy.) chi2_contingency(correction=False) gives X², p, df and the expected counts;
scipy.stats.contingency.association(method="cramer") gives Cramér's V. Rows and columns whose total is
0 are removed before SciPy sees the table (SciPy refuses zero expected counts), as crossTabulate does.
"""
import json
import sys

import numpy as np
import scipy
from scipy.stats import chi2_contingency
from scipy.stats.contingency import association

TABLES = [
    [[10, 20], [30, 40]],
    [[12, 5, 9], [3, 14, 8], [7, 7, 21]],
    # 19 options × 3 age groups like the seed's "areas where you want change"
    [[int(x) for x in row] for row in np.random.default_rng(2677).integers(0, 60, size=(19, 3))],
    # small expected counts: Cochran's warning
    [[1, 4, 0], [2, 1, 3]],
    # a zero row and a zero column, dropped from the test
    [[5, 0, 9, 2], [0, 0, 0, 0], [11, 0, 4, 6]],
    # a very small p-value
    [[200, 10], [15, 180]],
]


def reference(table):
    t = np.array(table, dtype=float)
    rows = [i for i in range(t.shape[0]) if t[i].sum() > 0]
    cols = [j for j in range(t.shape[1]) if t[:, j].sum() > 0]
    kept = t[np.ix_(rows, cols)]
    chi2, p, dof, expected = chi2_contingency(kept, correction=False)
    return {
        "counts": table,
        "rows": rows,
        "columns": cols,
        "chiSquare": float(chi2),
        "pValue": float(p),
        "df": int(dof),
        "expected": expected.tolist(),
        "cramersV": float(association(kept.astype(int), method="cramer", correction=False)),
    }


result = {
    "command": "/usr/bin/python3 test/analysis/reference/cross_tabulation.py test/analysis/reference/cross_tabulation.json",
    "scipy": scipy.__version__,
    "tables": [reference(t) for t in TABLES],
}
with open(sys.argv[1], "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
