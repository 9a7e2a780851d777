# Expected values for DriftDetectorEvidentlyTests: Evidently's code path emulated by Benchmarks/python/drift_peer.py
# (scipy 1.10.1, pandas, numpy 1.24.2 from Debian). Run: /usr/bin/python3 drift_expected.py
import os, sys
import numpy as np
import pandas as pd
from scipy import stats
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "Benchmarks", "python"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Statistics"))
from drift_peer import column_drift
from scipy_expected import lcg  # noqa: E402  (prints the statistics literals too; ignore them)

def tri(n, seed, bias): return np.minimum(np.floor(lcg(n, seed) * 3 + bias), 2.0)
def binary(n, seed, p): return (lcg(n, seed) < p).astype(np.int64)
def city(n, seed, unseen):
    v = lcg(n, seed)
    return pd.Series(["Paris" if x < 0.4 else "Lyon" if x < 0.7 else "Nice" if x < 0.95 else ("Brest" if unseen else "Paris") for x in v], dtype=object)
def with_missing(v, inf):
    v = v.copy()
    for i in range(len(v)):
        if i % 7 == 3: v[i] = np.nan
        elif i % 11 == 5: v[i] = inf
    return v
def cat(n, seed, shift, unseen):
    v = lcg(n, seed)
    return pd.Series(["a" if x < 0.4 + shift else "b" if x < 0.7 else "c" if x < 0.9 else ("zz" if unseen and x >= 0.99 else "d") for x in v], dtype=object)
def few(n, seed, off): return np.minimum(np.floor(lcg(n, seed) * 4 + off), 3.0) * 1.5
def intcat(n, seed): return np.floor(lcg(n, seed) * 8).astype(np.int64)

def show(name, ref, cur, test=None):
    t, s, d = column_drift(pd.Series(ref), pd.Series(cur), test)
    print(f"{name}: test={t} score={float(s)!r} drifted={d}")

print("== small regime: ref 100, cur 60")
show("cont", lcg(100, 31, 10), lcg(60, 32, 10, 1.5))
show("tri", tri(100, 33, 0.0), tri(60, 34, 0.4))
show("bin", binary(100, 35, 0.73), binary(60, 36, 0.62))
show("city", city(100, 37, False), city(60, 38, True))
show("withnan", with_missing(lcg(100, 39, 5), np.inf), with_missing(lcg(60, 40, 5, 0.2), -np.inf))
show("const", np.full(100, 5.0), np.full(60, 5.0))
print("== large regime: ref 2000, cur 5000")
show("cont", np.round(lcg(2000, 41, 10), 1), np.round(lcg(5000, 42, 10, 0.3), 1))
show("cat", cat(2000, 43, 0.0, False), cat(5000, 44, 0.05, True))
show("few", few(2000, 45, 0.0), few(5000, 46, 0.2))
show("cont_psi", lcg(2000, 47, 3), lcg(5000, 48, 3, 0.2), "psi")
show("cont_js", lcg(2000, 47, 3), lcg(5000, 48, 3, 0.2), "jensenshannon")
show("intcat", intcat(2000, 49), intcat(5000, 50))
print("== crossing wasserstein: ref 10000, cur 100000 same law")
a = lcg(10000, 51, 2); b = lcg(100000, 52, 2)
print("wd", repr(stats.wasserstein_distance(a, b) / np.std(a)), "ks", repr(stats.ks_2samp(a, b).statistic), repr(stats.ks_2samp(a, b).pvalue))
print("== shared/data/training_reference.csv: rows 0-49 vs 50-99 (the 47 features, pandas dtypes of the whole file)")
df = pd.read_csv(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "data", "training_reference.csv"))
feats = [c for c in df.columns if c != "engaged"]
print("|".join(f"{c}={t}={s!r}" for c, (t, s, d) in ((c, column_drift(df.iloc[:50][c], df.iloc[50:][c])) for c in feats)))
