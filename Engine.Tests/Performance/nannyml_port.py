#!/usr/bin/python3
"""NannyML 0.13 pieces re-typed in numpy for the fixture generator (NannyML itself is not installable here).

Read from github.com/NannyML/nannyml at commit 4c86ee350dc541cb244f965cf555b4b2a004ae99 (tag v0.13.1):
  * nannyml/calibration.py                  _get_bin_index_edges, _calculate_expected_calibration_error,
                                            needs_calibration, IsotonicCalibrator
  * nannyml/performance_estimation/confidence_based/metrics.py
                                            estimate_roc_auc, estimate_f1, estimate_precision, estimate_recall,
                                            estimate_accuracy, the Binary*._realized_performance rules,
                                            Metric.fit (thresholds from reference chunks), get_chunk_record (alerts)
  * nannyml/sampling_error/binary_classification.py
                                            auroc/f1/precision/recall/accuracy *_sampling_error(_components)
  * nannyml/thresholds.py                   StandardDeviationThreshold, calculate_threshold_values
  * nannyml/chunk.py                        SizeBasedChunker (incomplete='keep'), DefaultChunker (10 chunks)

The only intended difference is the `kind` of the argsorts: NannyML uses numpy's default (quicksort, not stable), so
the order of tied scores, and with it a few tie-dependent numbers, is up to numpy's introsort. The C# engine sorts
stably; every function here takes `kind` so the generator can compute both and say whether they differ.
"""
import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (accuracy_score, auc, f1_score, precision_score, recall_score,
                             roc_auc_score)
from sklearn.model_selection import StratifiedShuffleSplit

SAMPLING_ERROR_RANGE = 3


# ---- nannyml/calibration.py -------------------------------------------------------------------------------------

def get_bin_index_edges(vector_length, bin_count):
    if vector_length <= 2 * bin_count:
        bin_count = vector_length // 2
        if bin_count < 2:
            raise ValueError("cannot split into minimum of 2 bins")
    bin_width = vector_length // bin_count
    bin_edges = np.asarray(range(0, vector_length + 1, bin_width))
    bin_edges[-1] = vector_length
    return list(zip(bin_edges[:-1], bin_edges[1:]))


def expected_calibration_error(y_true, y_pred_proba, bin_index_edges, kind):
    terms = []
    y_pred_proba, y_true = np.asarray(y_pred_proba), np.asarray(y_true)
    sort_index = y_pred_proba.argsort(kind=kind)
    y_pred_proba = y_pred_proba[sort_index]
    y_true = y_true[sort_index]
    for left_edge, right_edge in bin_index_edges:
        bin_proba = y_pred_proba[left_edge:right_edge]
        bin_true = y_true[left_edge:right_edge]
        weight = len(bin_proba) / len(y_pred_proba)
        terms.append(weight * abs(np.mean(bin_proba) - np.mean(bin_true)))
    return np.sum(terms)


def needs_calibration(y_true, y_pred_proba, kind, bin_count=10, split_count=10):
    """Returns (decision, reason, ece_before, ece_after, test_index_lists)."""
    y_true = np.asarray(y_true)
    y_pred_proba = np.asarray(y_pred_proba, dtype=float)
    if len(np.unique(y_true)) == 1:
        return False, "single_class", None, None, []
    if roc_auc_score(y_true, y_pred_proba) > 0.999:
        return False, "auc_above_0.999", None, None, []
    sss = StratifiedShuffleSplit(n_splits=split_count, test_size=0.1, random_state=42)
    yt, yp, yc, tests = [], [], [], []
    for train, test in sss.split(y_pred_proba, y_true):
        calibrator = IsotonicRegression(out_of_bounds="clip", increasing=True)
        calibrator.fit(y_pred_proba[train], y_true[train])
        yt.append(y_true[test])
        yp.append(y_pred_proba[test])
        yc.append(calibrator.predict(y_pred_proba[test]))
        tests.append([int(i) for i in test])
    yt, yp, yc = np.concatenate(yt), np.concatenate(yp), np.concatenate(yc)
    edges = get_bin_index_edges(len(yp), bin_count)
    before = expected_calibration_error(yt, yp, edges, kind)
    after = expected_calibration_error(yt, yc, edges, kind)
    return bool(before > after), "ece", float(before), float(after), tests


# ---- nannyml/performance_estimation/confidence_based/metrics.py --------------------------------------------------

def estimate_roc_auc(true_y_pred_proba, model_y_pred_proba, kind):
    true_y_pred_proba = np.asarray(true_y_pred_proba)
    model_y_pred_proba = np.asarray(model_y_pred_proba)
    sorted_index = np.argsort(model_y_pred_proba, kind=kind)[::-1]
    true_y_pred_proba = true_y_pred_proba[sorted_index]
    with np.errstate(divide='ignore', invalid='ignore'):
        tps = np.cumsum(true_y_pred_proba)
        fps = 1 + np.arange(len(true_y_pred_proba)) - tps
        tps = np.r_[0, tps]
        fps = np.r_[0, fps]
        tps = np.round(tps, 5)
        fps = np.round(fps, 5)
        tpr = tps / tps[-1]
        fpr = fps / fps[-1]
        return float(auc(fpr, tpr))


def expected_confusion(y_pred, p):
    tp = np.sum(np.where(y_pred == 1, p, 0))
    fp = np.sum(np.where(y_pred == 1, 1 - p, 0))
    fn = np.sum(np.where(y_pred == 0, p, 0))
    tn = np.sum(np.where(y_pred == 0, 1 - p, 0))
    return float(tp), float(fp), float(tn), float(fn)


def estimate_f1(y_pred, p):
    tp = np.where(y_pred == 1, p, 0)
    fp = np.where(y_pred == 1, 1 - p, 0)
    fn = np.where(y_pred == 0, p, 0)
    TP, FP, FN = np.sum(tp), np.sum(fp), np.sum(fn)
    d = TP + 0.5 * (FP + FN)
    return float(TP / d) if d != 0 else 0.0


def estimate_precision(y_pred, p):
    TP = np.sum(np.where(y_pred == 1, p, 0))
    FP = np.sum(np.where(y_pred == 1, 1 - p, 0))
    d = TP + FP
    return float(TP / d) if d != 0 else 0.0


def estimate_recall(y_pred, p):
    TP = np.sum(np.where(y_pred == 1, p, 0))
    FN = np.sum(np.where(y_pred == 0, p, 0))
    d = TP + FN
    return float(TP / d) if d != 0 else 0.0


def estimate_accuracy(y_pred, p):
    TP = np.sum(np.where(y_pred == 1, p, 0))
    TN = np.sum(np.where(y_pred == 0, 1 - p, 0))
    return float((TP + TN) / len(y_pred))


def realized(metric, y_true, y_pred, uncalibrated):
    """Binary*._realized_performance: NaN when undefined as NannyML decides it."""
    if len(y_true) == 0:
        return float('nan')
    if metric == 'accuracy':
        return float(accuracy_score(y_true, y_pred))
    if len(np.unique(y_true)) <= 1:
        return float('nan')
    if metric == 'roc_auc':
        return float(roc_auc_score(y_true, uncalibrated))
    if len(np.unique(y_pred)) <= 1:
        return float('nan')
    fn = {'f1': f1_score, 'precision': precision_score, 'recall': recall_score}[metric]
    return float(fn(y_true=y_true, y_pred=y_pred, zero_division='warn'))


# ---- nannyml/sampling_error/binary_classification.py -------------------------------------------------------------

def auroc_components(y_true, y_pred_proba, kind):
    y_true = np.asarray(y_true)
    y_pred_proba = np.asarray(y_pred_proba, dtype=float)
    if np.mean(y_true) > 0.5:
        y_true = abs(np.asarray(y_true) - 1)
        y_pred_proba = 1 - y_pred_proba
    sorted_idx = np.argsort(y_pred_proba, kind=kind)
    y_true = y_true[sorted_idx]
    rank_order = np.asarray(range(len(y_pred_proba)))
    positive_ranks = y_true * rank_order
    indexes = np.unique(positive_ranks)[1:]
    ser = [index - i for i, index in enumerate(indexes)]
    n_pos = np.sum(y_true)
    n_neg = len(y_true) - n_pos
    ser_multi = np.true_divide(ser, n_neg)
    return float(np.std(ser_multi)), float(n_pos / len(y_true))


def f1_components(y_true, y_pred):
    TP = np.where((y_true == y_pred) & (y_pred == 1), 1, np.nan)
    FP = np.where((y_true != y_pred) & (y_pred == 1), 0, np.nan)
    FN = np.where((y_true != y_pred) & (y_pred == 0), 0, np.nan)
    TP, FN, FP = TP[~np.isnan(TP)], FN[~np.isnan(FN)], FP[~np.isnan(FP)]
    tp_fp_fn = np.concatenate([TP, FN, FP])
    if tp_fp_fn.size == 0:
        return float('nan'), 0.0
    correcting_factor = len(tp_fp_fn) / ((len(FN) + len(FP)) * 0.5 + len(TP))
    return float(np.std(tp_fp_fn * correcting_factor)), float(len(tp_fp_fn) / len(y_pred))


def precision_components(y_true, y_pred):
    TP = np.where((y_true == y_pred) & (y_pred == 1), 1, np.nan)
    FP = np.where((y_true != y_pred) & (y_pred == 1), 0, np.nan)
    obs = np.concatenate([TP[~np.isnan(TP)], FP[~np.isnan(FP)]])
    return float(np.std(obs)), float(np.sum(y_pred) / len(y_pred))


def recall_components(y_true, y_pred):
    TP = np.where((y_true == y_pred) & (y_pred == 1), 1, np.nan)
    FN = np.where((y_true != y_pred) & (y_pred == 0), 0, np.nan)
    obs = np.concatenate([TP[~np.isnan(TP)], FN[~np.isnan(FN)]])
    return float(np.std(obs)), float(sum(y_true) / len(y_pred))


def accuracy_components(y_true, y_pred):
    return (float(np.std((y_true == y_pred).astype(int))),)


def universal_se(components, n):
    std, fraction = components
    return float(std / np.sqrt(n * fraction))


def sampling_error(metric, components, n):
    if metric == 'accuracy':
        return float(components[0] / np.sqrt(n))
    return universal_se(components, n)


# ---- nannyml/thresholds.py ---------------------------------------------------------------------------------------

def std_thresholds(values, lower_limit=0.0, upper_limit=1.0, multiplier=3):
    values = np.asarray(values, dtype=float)
    aggregate = np.nanmean(values)
    std = np.nanstd(values)
    lower = aggregate - std * multiplier
    upper = aggregate + std * multiplier
    if lower <= lower_limit:
        lower = lower_limit
    if upper >= upper_limit:
        upper = upper_limit
    return float(aggregate), float(lower), float(upper)


# ---- nannyml/chunk.py ----------------------------------------------------------------------------------------------

def size_chunks(n, chunk_size):
    """SizeBasedChunker(incomplete='keep'): [start, end) ranges."""
    chunks = [(i, i + chunk_size) for i in range(0, n, chunk_size) if i + chunk_size - 1 < n]
    if n % chunk_size != 0:
        start = chunk_size * (n // chunk_size)
        chunks.append((start, n))
    return chunks


def default_chunk_size(n):
    return n // 10
