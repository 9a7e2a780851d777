#!/usr/bin/python3
"""Writes Engine.Tests/Performance/Fixtures/performance_fixture.json: small deterministic inputs with ties, and the values
scikit-learn 1.2.1 (Debian's /usr/bin/python3) and NannyML 0.13's formulas (re-typed in nannyml_port.py, since
NannyML is not installed) give for them. Run once from the repository root:

    /usr/bin/python3 Engine.Tests/Performance/make_performance_fixture.py

The C# tests (Engine.Tests/Performance) compare against these literals to 1e-9; Python never runs in the tests.
Doubles are written with repr(), which round-trips.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss, f1_score, log_loss,
                             precision_score, recall_score, roc_auc_score)
from sklearn.model_selection import StratifiedShuffleSplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nannyml_port as nml  # noqa: E402

warnings.filterwarnings("ignore")
assert sklearn.__version__ == "1.2.1", sklearn.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures",
                   "performance_fixture.json")


def nan_to_none(x):
    if x is None:
        return None
    x = float(x)
    return None if np.isnan(x) else x


def sk_or_none(fn, *args, **kwargs):
    try:
        return nan_to_none(fn(*args, **kwargs))
    except ValueError:
        return None


def realized_case(name, scores, labels, threshold):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    pred = (s >= threshold).astype(int)
    return {
        "name": name, "threshold": threshold, "scores": s.tolist(), "labels": y.tolist(),
        "roc_auc": sk_or_none(roc_auc_score, y, s),
        "average_precision": sk_or_none(average_precision_score, y, s) if y.sum() > 0 else None,
        "brier": sk_or_none(brier_score_loss, y, s),
        "log_loss": sk_or_none(log_loss, y, s, labels=[0, 1]),
        "precision": nan_to_none(precision_score(y, pred, zero_division=0)),
        "recall": nan_to_none(recall_score(y, pred, zero_division=0)),
        "f1": nan_to_none(f1_score(y, pred, zero_division=0)),
        "accuracy": nan_to_none(accuracy_score(y, pred)),
        "tp": int(((pred == 1) & (y == 1)).sum()), "fp": int(((pred == 1) & (y == 0)).sum()),
        "tn": int(((pred == 0) & (y == 0)).sum()), "fn": int(((pred == 0) & (y == 1)).sum()),
    }


def isotonic_case(name, x, y, probes):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ir = IsotonicRegression(out_of_bounds="clip", increasing=True).fit(x, y)
    return {
        "name": name, "x": x.tolist(), "y": y.tolist(), "probes": list(map(float, probes)),
        "x_thresholds": ir.X_thresholds_.tolist(), "y_thresholds": ir.y_thresholds_.tolist(),
        "x_min": float(ir.X_min_), "x_max": float(ir.X_max_),
        "predictions": ir.predict(np.asarray(probes, dtype=float)).tolist(),
        "fitted": ir.predict(x).tolist(),
    }


def split_case(name, y):
    y = np.asarray(y)
    sss = StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42)
    splits = [{"train": [int(i) for i in tr], "test": [int(i) for i in te]} for tr, te in sss.split(y, y)]
    return {"name": name, "labels": y.tolist(), "splits": splits}


def calibration_case(name, scores, labels):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    d_stable, reason, before, after, tests = nml.needs_calibration(y, s, kind="stable")
    d_quick, _, before_q, after_q, _ = nml.needs_calibration(y, s, kind="quicksort")
    return {"name": name, "scores": s.tolist(), "labels": y.tolist(), "needs_calibration": d_stable,
            "reason": reason, "ece_before": before, "ece_after": after, "test_indices": tests,
            "quicksort_ece_before": before_q, "quicksort_ece_after": after_q,
            "quicksort_decision": d_quick}


def reliability(scores, labels, bins=10):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=float)
    edges = nml.get_bin_index_edges(len(s), bins)
    order = np.argsort(s, kind="stable")
    s, y = s[order], y[order]
    rows = [{"count": int(r - l), "mean_score": float(np.mean(s[l:r])), "observed_rate": float(np.mean(y[l:r]))}
            for l, r in edges]
    return {"ece": float(nml.expected_calibration_error(y, s, edges, "stable")), "bins": rows}


class CbpeFit:
    """CBPE.fit for one binary model at one threshold, as nannyml_port re-types it."""

    METRICS = ["roc_auc", "f1", "precision", "recall", "accuracy"]

    def __init__(self, scores, labels, threshold, chunk_size):
        s = np.asarray(scores, dtype=float)
        y = np.asarray(labels, dtype=int)
        pred = (s >= threshold).astype(int)
        self.threshold = threshold
        self.chunk_size = chunk_size
        self.components = {
            "roc_auc": nml.auroc_components(y, s, "stable"),
            "f1": nml.f1_components(y, pred),
            "precision": nml.precision_components(y, pred),
            "recall": nml.recall_components(y, pred),
            "accuracy": nml.accuracy_components(y, pred),
        }
        self.quicksort_auroc_components = nml.auroc_components(y, s, "quicksort")
        ranges = nml.size_chunks(len(s), chunk_size)
        self.reference_chunk_values = {
            m: [nml.realized(m, y[a:b], pred[a:b], s[a:b]) for a, b in ranges] for m in self.METRICS}
        self.thresholds = {m: nml.std_thresholds(v) for m, v in self.reference_chunk_values.items()}
        decision, reason, before, after, _ = nml.needs_calibration(y, s, kind="stable")
        self.needs_calibration = decision
        self.calibration_reason = reason
        self.ece = (before, after)
        self.calibrator = IsotonicRegression(out_of_bounds="clip", increasing=True).fit(s, y) if decision else None

    def calibrate(self, s):
        return self.calibrator.predict(s) if self.calibrator is not None else np.asarray(s, dtype=float)

    def estimate(self, scores, labels):
        """labels: int array with -1 for 'no label yet'."""
        s = np.asarray(scores, dtype=float)
        y = np.asarray(labels, dtype=int)
        p = self.calibrate(s)
        pred = (s >= self.threshold).astype(int)
        chunks = []
        for index, (a, b) in enumerate(nml.size_chunks(len(s), self.chunk_size)):
            cs, cp, cpred, cy = s[a:b], p[a:b], pred[a:b], y[a:b]
            n = b - a
            est = {
                "roc_auc": nml.estimate_roc_auc(cp, cs, "stable"),
                "f1": nml.estimate_f1(cpred, cp),
                "precision": nml.estimate_precision(cpred, cp),
                "recall": nml.estimate_recall(cpred, cp),
                "accuracy": nml.estimate_accuracy(cpred, cp),
            }
            se = {m: nml.sampling_error(m, self.components[m], n) for m in self.METRICS}
            labelled = cy >= 0
            real = None
            if labelled.any():
                real = {m: nan_to_none(nml.realized(m, cy[labelled], cpred[labelled], cs[labelled]))
                        for m in self.METRICS}
            alerts = [m for m in self.METRICS
                      if est[m] < self.thresholds[m][1] or est[m] > self.thresholds[m][2]]
            tp, fp, tn, fn = nml.expected_confusion(cpred, cp)
            chunks.append({
                "index": index, "start": a, "rows": n, "estimated": est, "sampling_error": se, "realized": real,
                "alerts": alerts,
                "upper_confidence_boundary": {m: min(1.0, est[m] + 3 * se[m]) for m in self.METRICS},
                "lower_confidence_boundary": {m: max(0.0, est[m] - 3 * se[m]) for m in self.METRICS},
                "expected_confusion": {"tp": tp, "fp": fp, "tn": tn, "fn": fn},
                "quicksort_roc_auc": nml.estimate_roc_auc(cp, cs, "quicksort"),
            })
        return chunks

    def summary(self):
        return {
            "threshold": self.threshold, "chunk_size": self.chunk_size,
            "calibration": "isotonic" if self.needs_calibration else "none",
            "calibration_reason": self.calibration_reason,
            "ece_before": self.ece[0], "ece_after": self.ece[1],
            "components": {m: list(c) for m, c in self.components.items()},
            "quicksort_auroc_components": list(self.quicksort_auroc_components),
            "reference_chunk_values": {m: [nan_to_none(v) for v in vs]
                                       for m, vs in self.reference_chunk_values.items()},
            "metrics": {m: {"reference_mean": t[0], "lower_threshold": t[1], "upper_threshold": t[2]}
                        for m, t in self.thresholds.items()},
            "x_thresholds": None if self.calibrator is None else self.calibrator.X_thresholds_.tolist(),
            "y_thresholds": None if self.calibrator is None else self.calibrator.y_thresholds_.tolist(),
        }


def top_k(scores, values, k):
    """Sum of `values` over the k highest scores; a tie group straddling the cut counts fractionally."""
    s = np.asarray(scores, dtype=float)
    v = np.asarray(values, dtype=float)
    order = np.argsort(-s, kind="stable")
    s, v = s[order], v[order]
    total, taken, i = 0.0, 0, 0
    while i < len(s) and taken < k:
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        group = j - i + 1
        take = min(group, k - taken)
        total += v[i:j + 1].sum() * take / group
        taken += take
        i = j + 1
    return total, taken


def main():
    rng = np.random.RandomState(20260501)
    g = lambda s: 0.12 + 0.7 * s ** 2  # the miscalibration: true P(converted | score)

    # Reference: 240 rows, scores on a 0.01 grid (many ties, some exactly 0.5), labels from g.
    ref_s = np.round(rng.beta(2.0, 3.0, 240), 2)
    ref_s[[3, 50, 100, 150]] = 0.5
    ref_y = rng.binomial(1, g(ref_s))
    # Current: 130 rows (chunk size 40 leaves an incomplete 10-row chunk), shifted upwards, out-of-range scores,
    # labels for the first 100 rows only.
    cur_s = np.round(rng.beta(3.0, 2.0, 130), 2)
    cur_s[[0, 1, 2, 64]] = [0.0, 1.0, 0.5, 0.999]
    cur_y_all = rng.binomial(1, g(cur_s))
    cur_y = np.where(np.arange(130) < 100, cur_y_all, -1)

    fixture = {"generator": "Engine.Tests/Performance/make_performance_fixture.py", "sklearn": sklearn.__version__,
               "numpy": np.__version__, "nannyml_commit": "4c86ee350dc541cb244f965cf555b4b2a004ae99"}

    # ---- realized metrics -------------------------------------------------------------------------------------
    cases = [
        realized_case("reference", ref_s, ref_y, 0.5),
        realized_case("current_labelled", cur_s[:100], cur_y[:100], 0.5),
        realized_case("threshold_0.3", ref_s, ref_y, 0.3),
        realized_case("small_ties", [0.1, 0.4, 0.4, 0.4, 0.35, 0.8, 0.8, 0.2, 0.9, 0.5, 0.5, 0.05],
                      [0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0], 0.5),
        realized_case("extreme_scores", [0.0, 1.0, 1e-20, 1 - 1e-17, 0.3, 0.7, 1.0, 0.0],
                      [0, 1, 1, 0, 0, 1, 0, 1], 0.5),
        realized_case("all_positive", [0.2, 0.6, 0.6, 0.9], [1, 1, 1, 1], 0.5),
        realized_case("all_negative", [0.2, 0.6, 0.6, 0.9], [0, 0, 0, 0], 0.5),
        realized_case("nothing_predicted", [0.1, 0.2, 0.3, 0.45], [0, 1, 0, 1], 0.5),
    ]
    fixture["realized"] = cases

    # ---- isotonic -----------------------------------------------------------------------------------------------
    eps_x = [0.3, np.nextafter(0.3, 1), 0.3 + 2e-15, 0.1, 0.1, 0.7, 0.2, 0.9, 0.5, 0.5]
    eps_y = [1, 0, 0, 1, 0, 1, 0, 1, 1, 0]
    probes = np.r_[-0.5, 0.0, 0.01, 0.05, 0.1, 0.15, 0.3, np.nextafter(0.3, 1), 0.31, 0.5, 0.55, 0.7, 0.9, 1.0, 1.5,
                   np.linspace(0, 1, 21)]
    fixture["isotonic"] = [
        isotonic_case("reference", ref_s, ref_y, np.r_[probes, cur_s]),
        isotonic_case("near_duplicates", eps_x, eps_y, probes),
        isotonic_case("decreasing_data", [0.1, 0.2, 0.3, 0.4, 0.5], [1, 1, 0, 1, 0], probes),
        isotonic_case("single_x", [0.4, 0.4, 0.4], [1, 0, 0], probes),
    ]

    # ---- stratified shuffle split replication and calibration decision -----------------------------------------
    fixture["splits"] = [
        split_case("tie_in_remainders", [0, 1] * 15),
        split_case("37_rows", [1 if i % 37 in (1, 4, 5, 9, 13, 17, 20, 22, 29, 31, 36) else 0 for i in range(37)]),
        split_case("reference", ref_y),
    ]
    def calibrated_sample(seed):
        r = np.random.RandomState(seed)
        s = np.round(r.uniform(0, 1, 400), 3)
        return s, r.binomial(1, s)

    well_s, well_y = calibrated_sample(12)
    flip_s, flip_y = calibrated_sample(13)  # the tie order alone flips NannyML's decision here
    fixture["calibration"] = [
        calibration_case("reference", ref_s, ref_y),
        calibration_case("well_calibrated", well_s, well_y),
        calibration_case("tie_order_flips", flip_s, flip_y),
        calibration_case("separable", [0.1, 0.2, 0.3, 0.7, 0.8, 0.9] * 5, [0, 0, 0, 1, 1, 1] * 5),
        calibration_case("single_class", [0.1, 0.2, 0.3], [1, 1, 1]),
    ]
    fixture["reliability"] = reliability(ref_s, ref_y)

    # ---- CBPE: explicit chunk size 40 ----------------------------------------------------------------------------
    fit40 = CbpeFit(ref_s, ref_y, 0.5, 40)
    fixture["cbpe"] = {"reference_scores": ref_s.tolist(), "reference_labels": ref_y.tolist(),
                       "current_scores": cur_s.tolist(), "current_labels": cur_y.tolist(),
                       "fit": fit40.summary(), "chunks": fit40.estimate(cur_s, cur_y),
                       "reference_chunks": fit40.estimate(ref_s, ref_y)}

    # ---- file-level report: default chunking (reference // 10, current chunks of that size) ---------------------
    size = nml.default_chunk_size(len(ref_s))
    fit_default = CbpeFit(ref_s, ref_y, 0.5, size)
    chunks = fit_default.estimate(cur_s, cur_y)
    fixture["report"] = {
        "calibration": "isotonic" if fit_default.needs_calibration else "none",
        "threshold": 0.5,
        "metrics": fit_default.summary()["metrics"],
        "chunks": [{"index": c["index"], "rows": c["rows"], "estimated": c["estimated"],
                    "sampling_error": c["sampling_error"], "realized": c["realized"], "alerts": c["alerts"]}
                   for c in chunks],
    }

    # ---- business view: precision@k / recall@k ------------------------------------------------------------------
    p_cur = fit40.calibrate(cur_s)
    lab = cur_y >= 0
    business = []
    for k in (10, 25, 60):
        hits, taken = top_k(cur_s[lab], cur_y[lab], k)
        exp_hits, exp_taken = top_k(cur_s, p_cur, k)
        business.append({"k": k,
                         "realized_precision": hits / taken, "realized_recall": hits / cur_y[lab].sum(),
                         "expected_precision": exp_hits / exp_taken, "expected_recall": exp_hits / p_cur.sum()})
    fixture["top_k"] = business

    # ---- tie-order sensitivity (NannyML's quicksort argsort against our stable sort) --------------------------
    diffs = {
        "needs_calibration_ece": [
            {"case": c["name"], "stable": [c["ece_before"], c["ece_after"]],
             "quicksort": [c["quicksort_ece_before"], c["quicksort_ece_after"]],
             "same_decision": c["needs_calibration"] == c["quicksort_decision"]} for c in fixture["calibration"]],
        "auroc_components": {"stable": list(fit40.components["roc_auc"]),
                             "quicksort": list(fit40.quicksort_auroc_components)},
        "estimate_roc_auc_max_abs_diff": max(abs(c["estimated"]["roc_auc"] - c["quicksort_roc_auc"])
                                             for c in fixture["cbpe"]["chunks"]),
    }
    fixture["tie_order_sensitivity"] = diffs

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")

    print(f"wrote {os.path.relpath(OUT)}")
    for c in cases:
        print(f"  realized {c['name']:>18}: auc={c['roc_auc']} ap={c['average_precision']} brier={c['brier']} "
              f"logloss={c['log_loss']} p/r/f1={c['precision']}/{c['recall']}/{c['f1']}")
    for c in fixture["calibration"]:
        print(f"  calibration {c['name']:>16}: {c['needs_calibration']} ({c['reason']}) ECE {c['ece_before']} -> "
              f"{c['ece_after']}; quicksort {c['quicksort_ece_before']} -> {c['quicksort_ece_after']}")
    print(f"  CBPE chunk 40: {fit40.summary()['calibration']}; thresholds {fit40.summary()['metrics']}")
    for c in fixture["cbpe"]["chunks"]:
        print(f"    chunk {c['index']} rows {c['rows']}: est {c['estimated']} alerts {c['alerts']}")
    print(f"  tie-order sensitivity: {json.dumps(diffs)}")


if __name__ == "__main__":
    main()
