#!/usr/bin/python3
"""Python peer of the C# drift engine: Evidently 0.7's per-column drift code path, emulated with Debian's
scipy/pandas/numpy (Evidently itself is not installable here). It follows evidently/legacy/calculations/stattests
(registry.py default test choice, utils.get_binned_data, chisquare, z_stat_test, jensenshannon, wasserstein_distance_norm,
psi, ks_stat_test) line for line in spirit: pandas Series in, inf -> NaN, dropna, then the test.

Used two ways:
  * as a library to compute expected values for Dashboard.Tests/Core/Drift (see drift_expected.py there);
  * as the benchmark peer:  drift_peer.py bench <dir>  reads <dir>/meta.json, ref.f64 and cur.f64 (column-major
    float64, written by `dotnet run -c Release --project Benchmarks -- drift`), times the default tests on all
    columns with the data already in memory, and prints JSON {"seconds": ..., "drifted": ..., "scores": [...]}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def column_type(cur: pd.Series) -> str:
    """Evidently's new-API typing: float -> num; integer -> cat when <= 10 distinct, else num; strings -> cat."""
    if pd.api.types.is_float_dtype(cur.dtype):
        return "num"
    if pd.api.types.is_integer_dtype(cur.dtype):
        return "cat" if cur.nunique() <= 10 else "num"
    return "cat"


def default_test(ref: pd.Series, cur: pd.Series, ftype: str) -> str:
    n_values = pd.concat([ref, cur]).nunique()
    if ref.shape[0] <= 1000:
        if ftype == "num":
            if n_values <= 5:
                return "chisquare" if n_values > 2 else "z"
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if ftype == "num":
        return "jensenshannon" if n_values <= 5 else "wasserstein"
    return "jensenshannon"


def _keys(ref, cur):
    return list(set(ref.unique()) | set(cur.unique()))


def get_binned_data(ref: pd.Series, cur: pd.Series, ftype: str, feel_zeroes=True):
    n_vals = ref.nunique()
    if ftype == "num" and n_vals > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = _keys(ref, cur)
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        rp = np.array([rd[k] for k in keys]) / len(ref)
        cp = np.array([cd[k] for k in keys]) / len(cur)
    if feel_zeroes:
        for arr in (rp, cp):
            nz = arr[arr != 0]
            np.place(arr, arr == 0, nz.min() / 10**6 if nz.min() <= 0.0001 else 0.0001)
    return rp, cp


def run_test(test: str, ref: pd.Series, cur: pd.Series, ftype: str) -> float:
    if test == "ks":
        return stats.ks_2samp(ref, cur)[1]
    if test == "chisquare":
        keys = _keys(ref, cur)
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        k_norm = cur.shape[0] / ref.shape[0]
        observed = [cd[k] for k in keys]
        expected = [rd[k] * k_norm for k in keys]
        return stats.chisquare(observed, expected)[1]
    if test == "z":
        if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
            return 1.0
        keys = sorted(set(list(ref.unique()) + list(cur.unique())))
        key = keys[0]
        r = ref.apply(lambda x: 0 if x == key else 1)
        c = cur.apply(lambda x: 0 if x == key else 1)
        n1, n2 = len(r), len(c)
        p1, p2 = float(sum(r)) / n1, float(sum(c)) / n2
        P = float(p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
        return 2 * (1 - stats.norm.cdf(np.abs(z)))
    if test == "jensenshannon":
        rp, cp = get_binned_data(ref, cur, ftype)
        return distance.jensenshannon(rp, cp)
    if test == "psi":
        rp, cp = get_binned_data(ref, cur, ftype)
        return np.sum((rp - cp) * np.log(rp / cp))
    if test == "wasserstein":
        norm = max(np.std(ref), 0.001)
        return stats.wasserstein_distance(ref, cur) / norm
    raise ValueError(test)


DRIFT_WHEN = {"ks": lambda p, t: p <= t, "chisquare": lambda p, t: p < t, "z": lambda p, t: p < t,
              "jensenshannon": lambda d, t: d >= t, "wasserstein": lambda d, t: d >= t, "psi": lambda d, t: d >= t}
DEFAULT_THRESHOLD = {"ks": 0.05, "chisquare": 0.05, "z": 0.05, "jensenshannon": 0.1, "wasserstein": 0.1, "psi": 0.1}


def column_drift(ref: pd.Series, cur: pd.Series, test=None, threshold=None):
    """Returns (test, score, drifted) the way Evidently's ValueDrift does for one column."""
    ftype = column_type(cur)
    ref = ref.replace([np.inf, -np.inf], np.nan).dropna()
    cur = cur.replace([np.inf, -np.inf], np.nan).dropna()
    test = test or default_test(ref, cur, ftype)
    threshold = DEFAULT_THRESHOLD[test] if threshold is None else threshold
    score = float(run_test(test, ref, cur, ftype))
    return test, score, bool(DRIFT_WHEN[test](score, threshold))


def bench(directory: str) -> None:
    with open(f"{directory}/meta.json") as f:
        meta = json.load(f)
    cols, n_ref, n_cur = meta["columns"], meta["referenceRows"], meta["currentRows"]
    ref_all = np.fromfile(f"{directory}/ref.f64", dtype=np.float64).reshape(len(cols), n_ref)
    cur_all = np.fromfile(f"{directory}/cur.f64", dtype=np.float64).reshape(len(cols), n_cur)
    ref_df = pd.DataFrame({c["name"]: (ref_all[i].astype(np.int64) if c["integer"] else ref_all[i]) for i, c in enumerate(cols)})
    cur_df = pd.DataFrame({c["name"]: (cur_all[i].astype(np.int64) if c["integer"] else cur_all[i]) for i, c in enumerate(cols)})
    start = time.perf_counter()
    results = [column_drift(ref_df[c["name"]], cur_df[c["name"]]) for c in cols]
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "drifted": sum(r[2] for r in results),
                      "scores": [{"test": r[0], "score": r[1]} for r in results]}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "bench":
        bench(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
