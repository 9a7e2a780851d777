#!/usr/bin/python3
"""Independent reference values for the C# interventional TreeSHAP (Engine/Explanations).

Run with Debian's interpreter, which has numpy and onnx (the python3 on PATH does not):

    /usr/bin/python3 Engine.Tests/Explanations/interventional_shap_reference.py ../shared

It reads shared/data/original/model.onnx with the onnx package, rebuilds its trees with numpy (float32 inputs and
thresholds, ONNX Runtime's BRANCH_* comparisons and nodes_missing_value_tracks_true), and computes exact
interventional Shapley values by enumerating every coalition of the players (the split features whose value differs
between the lead and at least one background row):

    v(S) = mean over b of f(x_S, b_rest),  phi_j = sum over S without j of |S|!(n-|S|-1)!/n! (v(S+j) - v(S)),

with f the margin base_values[0] + sum of class weights. Background: the first 20 of the 303 real leads in
pipeline_output.csv; explained leads: rows 100, 200 and 300 (0-based). It prints the base value, each lead's margin
and its nonzero phi as C# literals for Reports/IndependentReferenceTests.cs.
"""
import csv
import itertools
import json
import math
import sys

import numpy as np
import onnx
from onnx import helper

BACKGROUND_ROWS = range(20)
LEADS = [100, 200, 300]


def load_ensemble(path):
    model = onnx.load(path)
    (node,) = model.graph.node
    assert node.op_type == "TreeEnsembleClassifier"
    a = {att.name: helper.get_attribute_value(att) for att in node.attribute}
    assert a["post_transform"] == b"LOGISTIC" and set(a["class_ids"]) == {0}
    n = len(a["nodes_nodeids"])
    missing = a.get("nodes_missing_value_tracks_true", [0] * n)
    trees = {}
    for i in range(n):
        trees.setdefault(a["nodes_treeids"][i], []).append(i)
    weights = {}
    for t, nid, w in zip(a["class_treeids"], a["class_nodeids"], a["class_weights"]):
        weights[(t, nid)] = weights.get((t, nid), 0.0) + float(np.float32(w))
    result = []
    for t, idx in trees.items():
        by_id = {a["nodes_nodeids"][i]: i for i in idx}
        result.append(dict(root=a["nodes_nodeids"][idx[0]], by_id=by_id, t=t))
    return a, missing, result, weights, float(np.float32(a["base_values"][0]))


def margins(a, missing, trees, weights, base, X):
    """Margins of the float32 rows X (shape rows x 47), vectorised over rows."""
    total = np.full(X.shape[0], base, dtype=np.float64)
    for tree in trees:
        node = np.full(X.shape[0], tree["root"], dtype=np.int64)
        while True:
            idx = np.array([tree["by_id"][v] for v in node])
            modes = np.array([a["nodes_modes"][i] for i in idx])
            inner = modes != b"LEAF"
            if not inner.any():
                break
            feat = np.array([a["nodes_featureids"][i] for i in idx])
            thr = np.array([a["nodes_values"][i] for i in idx], dtype=np.float32)
            val = X[np.arange(X.shape[0]), feat]
            go = np.zeros(X.shape[0], dtype=bool)
            for mode, op in ((b"BRANCH_LEQ", np.less_equal), (b"BRANCH_LT", np.less),
                             (b"BRANCH_GTE", np.greater_equal), (b"BRANCH_GT", np.greater),
                             (b"BRANCH_EQ", np.equal), (b"BRANCH_NEQ", np.not_equal)):
                sel = modes == mode
                go[sel] = op(val[sel], thr[sel])
            miss = np.array([missing[i] == 1 for i in idx])
            go |= miss & np.isnan(val)
            true_ids = np.array([a["nodes_truenodeids"][i] for i in idx])
            false_ids = np.array([a["nodes_falsenodeids"][i] for i in idx])
            node = np.where(inner, np.where(go, true_ids, false_ids), node)
        total += np.array([weights[(tree["t"], v)] for v in node])
    return total


def main(shared):
    a, missing, trees, weights, base = load_ensemble(f"{shared}/data/original/model.onnx")
    columns = json.load(open(f"{shared}/data/feature_columns.json"))
    rows = list(csv.DictReader(open(f"{shared}/data/original/pipeline_output.csv", newline="")))
    X = np.array([[float(r[c]) for c in columns] for r in rows]).astype(np.float32)
    B = X[list(BACKGROUND_ROWS)]
    split = sorted({a["nodes_featureids"][i] for i in range(len(a["nodes_modes"])) if a["nodes_modes"][i] != b"LEAF"})
    base_value = margins(a, missing, trees, weights, base, B).mean()
    print(f"// base value (mean margin over the background): {base_value!r}")
    for lead in LEADS:
        x = X[lead]
        players = [j for j in split if np.any(B[:, j] != x[j])]
        n = len(players)
        hybrids = []
        for s in range(1 << n):
            H = B.copy()
            for p, j in enumerate(players):
                if s >> p & 1:
                    H[:, j] = x[j]
            hybrids.append(H)
        v = margins(a, missing, trees, weights, base, np.concatenate(hybrids)).reshape(1 << n, len(B)).mean(axis=1)
        phi = {}
        for p, j in enumerate(players):
            total = 0.0
            for s in range(1 << n):
                if not s >> p & 1:
                    k = bin(s).count("1")
                    total += math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) * (v[s | 1 << p] - v[s])
            phi[j] = total
        margin = margins(a, missing, trees, weights, base, x[None, :])[0]
        print(f"// lead {lead}: margin {margin!r}, {n} players")
        print("[" + ", ".join(f"({j}, {phi[j]!r})" for j in players) + "]")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared")
