#!/usr/bin/python3
"""Peer of the C# performance computation, vectorised with Debian's numpy and scikit-learn (1.2.1): the same work on
the same data as `dotnet run -c Release --project Benchmarks -- performance` (which writes the data, default
/tmp/leadscoring-performance-bench).

    /usr/bin/python3 Benchmarks/python/performance_peer.py [DIR] [--resamples 1000]

Timed, with the data already in memory (as ours):
  window: realized metrics on the labelled rows (sklearn roc_auc_score, average_precision_score, precision/recall/f1,
          brier_score_loss, log_loss) + a stratified bootstrap of them (1,000 resamples, each class resampled with
          replacement inside itself; per resample the metrics in vectorised numpy: AUC by ranks, AP by cumulative
          sums), + CBPE per day (isotonic calibration already fitted on the reference, as ours at registration;
          expected confusion matrix and NannyML's estimated ROC AUC per chunk).
Prints one JSON line with the seconds and the point values (for a cross-check with ours).
"""
import json
import sys
import time

import numpy as np
from scipy.stats import rankdata
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (average_precision_score, brier_score_loss, f1_score, log_loss, precision_score,
                             recall_score, roc_auc_score)


def load(directory):
    scores = np.fromfile(f"{directory}/scores.f64", dtype=np.float64)
    outcomes = np.fromfile(f"{directory}/outcomes.i8", dtype=np.int8)
    timestamps = np.fromfile(f"{directory}/timestamps.i64", dtype=np.int64)
    ref_scores = np.fromfile(f"{directory}/reference_scores.f64", dtype=np.float64)
    ref_labels = np.fromfile(f"{directory}/reference_labels.i32", dtype=np.int32)
    return scores, outcomes, timestamps, ref_scores, ref_labels


def auc_fast(y, s):
    ranks = rankdata(s)
    pos = y == 1
    n1 = pos.sum()
    n0 = len(y) - n1
    return (ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def ap_fast(y, s):
    order = np.argsort(-s, kind="mergesort")
    s_sorted = s[order]
    y_sorted = y[order]
    distinct = np.where(np.diff(s_sorted))[0]
    ends = np.r_[distinct, len(y) - 1]
    tps = np.cumsum(y_sorted)[ends]
    fps = 1 + ends - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return np.sum(np.diff(np.r_[0, recall]) * precision)


def realized_point(y, s, t=0.5):
    pred = (s >= t).astype(int)
    return {
        "roc_auc": roc_auc_score(y, s), "average_precision": average_precision_score(y, s),
        "precision": precision_score(y, pred, zero_division=0), "recall": recall_score(y, pred, zero_division=0),
        "f1": f1_score(y, pred, zero_division=0), "brier": brier_score_loss(y, s), "log_loss": log_loss(y, s, labels=[0, 1]),
    }


def bootstrap(y, s, resamples, seed=20260501, t=0.5):
    rng = np.random.default_rng(seed)
    pos = np.flatnonzero(y == 1)
    neg = np.flatnonzero(y == 0)
    values = np.empty((resamples, 7))
    eps = 1e-15
    for r in range(resamples):
        idx = np.concatenate([pos[rng.integers(0, len(pos), len(pos))], neg[rng.integers(0, len(neg), len(neg))]])
        yy, ss = y[idx], s[idx]
        pred = ss >= t
        tp = np.sum(pred & (yy == 1)); fp = np.sum(pred & (yy == 0)); fn = np.sum(~pred & (yy == 1))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn)
        f1 = 2 * tp / (2 * tp + fp + fn)
        p = np.clip(ss, eps, 1 - eps)
        values[r] = [auc_fast(yy, ss), ap_fast(yy, ss), precision, recall, f1, np.mean((ss - yy) ** 2),
                     -np.mean(yy * np.log(p) + (1 - yy) * np.log(1 - p))]
    return np.percentile(values, [2.5, 97.5], axis=0)


def cbpe(calibrator, scores, chunk_of, chunks, t=0.5):
    p = calibrator.predict(scores)
    yhat = scores >= t
    results = []
    for c in range(chunks):
        m = chunk_of == c
        pc, yc, sc = p[m], yhat[m], scores[m]
        tp = np.sum(pc * yc); fp = np.sum((1 - pc) * yc); fn = np.sum(pc * ~yc); tn = np.sum((1 - pc) * ~yc)
        precision = tp / (tp + fp); recall = tp / (tp + fn)
        # NannyML estimate_roc_auc: TPR/FPR curve from calibrated probabilities over thresholds at the scores.
        order = np.argsort(-sc, kind="mergesort")
        ps, ss = pc[order], sc[order]
        distinct = np.where(np.diff(ss))[0]
        ends = np.r_[distinct, len(ss) - 1]
        tps = np.cumsum(ps)[ends]; fps = np.cumsum(1 - ps)[ends]
        tpr = np.r_[0, tps / tps[-1]]; fpr = np.r_[0, fps / fps[-1]]
        results.append({"f1": 2 * precision * recall / (precision + recall), "roc_auc": float(np.trapz(tpr, fpr)),
                        "accuracy": (tp + tn) / len(pc)})
    return results


def main():
    args = [a for a in sys.argv[1:]]
    resamples = 1000
    if "--resamples" in args:
        i = args.index("--resamples"); resamples = int(args[i + 1]); del args[i:i + 2]
    directory = args[0] if args else "/tmp/leadscoring-performance-bench"
    scores, outcomes, timestamps, ref_scores, ref_labels = load(directory)
    calibrator = IsotonicRegression(out_of_bounds="clip").fit(ref_scores, ref_labels)
    day = ((timestamps - timestamps[0]) // 86_400_000).astype(np.int64)

    start = time.perf_counter()
    labelled = outcomes >= 0
    y = outcomes[labelled].astype(np.int64)
    s = scores[labelled]
    point = realized_point(y, s)
    t_point = time.perf_counter()
    interval = bootstrap(y, s, resamples)
    t_boot = time.perf_counter()
    chunks = cbpe(calibrator, scores, day, int(day.max()) + 1)
    t_cbpe = time.perf_counter()
    print(json.dumps({
        "rows": int(len(scores)), "labelled": int(labelled.sum()), "resamples": resamples,
        "seconds_total": t_cbpe - start, "seconds_point": t_point - start, "seconds_bootstrap": t_boot - t_point,
        "seconds_cbpe": t_cbpe - t_boot, "realized": point,
        "roc_auc_interval": [float(interval[0][0]), float(interval[1][0])], "f1_interval": [float(interval[0][4]), float(interval[1][4])],
        "day0_estimated_f1": chunks[0]["f1"], "chunks": len(chunks),
    }))


if __name__ == "__main__":
    main()
