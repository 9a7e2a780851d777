#!/usr/bin/python3
"""Writes Engine.Tests/Performance/Fixtures/paired_fixture.json: seeded champion/challenger datasets (scores with ties,
outcomes 1/0/-1 = unknown) and the values an independent computation gives for them. Run once from the repository root:

    /usr/bin/python3 Engine.Tests/Performance/paired_reference.py

Independent of the C# code: scikit-learn roc_auc_score for the AUCs, scipy.stats.spearmanr, a straightforward O(n^2)
DeLong (the full positive x negative kernel matrix, np.cov of the structural components), scipy.stats.binomtest for the
exact McNemar p-value and its Wilson interval for the agreement rate, and the continuity-corrected McNemar chi-square
as statsmodels' mcnemar(exact=False, correction=True) defines it ((|b - c| - 1)^2 / (b + c); statsmodels is not
installed, so computed here with scipy.stats.chi2.sf). Python never runs in the tests; doubles are written with repr().
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import roc_auc_score

assert scipy.__version__ == "1.10.1" and sklearn.__version__ == "1.2.1", (scipy.__version__, sklearn.__version__)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures", "paired_fixture.json")
Z95 = stats.norm.ppf(0.975)


def delong_quadratic(a, b, y):
    """DeLong, DeLong & Clarke-Pearson (1988) with the full kernel matrix psi(x, y) = 1, 1/2, 0."""
    components = []
    for s in (a, b):
        pos, neg = s[y == 1], s[y == 0]
        psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
        components.append((psi.mean(axis=1), psi.mean(axis=0), psi.mean()))
    v10 = np.vstack([components[0][0], components[1][0]])
    v01 = np.vstack([components[0][1], components[1][1]])
    s = np.cov(v10) / v10.shape[1] + np.cov(v01) / v01.shape[1]
    var_diff = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    return components[0][2], components[1][2], float(s[0, 0]), float(s[1, 1]), float(var_diff)


def case(name, champion, challenger, outcomes, champion_threshold=0.5, challenger_threshold=0.5):
    a = np.asarray(champion, dtype=float)
    b = np.asarray(challenger, dtype=float)
    o = np.asarray(outcomes, dtype=int)
    da, db = a >= champion_threshold, b >= challenger_threshold
    agree = int((da == db).sum())
    wilson = stats.binomtest(agree, len(a)).proportion_ci(0.95, method="wilson")
    rho, rho_p = stats.spearmanr(a, b)
    lab = o >= 0
    y, al, bl = o[lab], a[lab], b[lab]
    auc_a, auc_b = roc_auc_score(y, al), roc_auc_score(y, bl)
    q_auc_a, q_auc_b, var_a, var_b, var_diff = delong_quadratic(al, bl, y)
    assert abs(q_auc_a - auc_a) < 1e-15 and abs(q_auc_b - auc_b) < 1e-15
    diff = auc_b - auc_a
    se = np.sqrt(var_diff)
    z = diff / se
    correct_a = (al >= champion_threshold) == (y == 1)
    correct_b = (bl >= challenger_threshold) == (y == 1)
    mc_b = int((correct_a & ~correct_b).sum())  # champion right, challenger wrong
    mc_c = int((~correct_a & correct_b).sum())  # challenger right, champion wrong
    chi2 = (abs(mc_b - mc_c) - 1) ** 2 / (mc_b + mc_c)
    return {
        "name": name, "champion": a.tolist(), "challenger": b.tolist(), "outcomes": o.tolist(),
        "champion_threshold": champion_threshold, "challenger_threshold": challenger_threshold,
        "leads": len(a), "agreeing": agree, "agreement_rate": agree / len(a),
        "agreement_lower": float(wilson.low), "agreement_upper": float(wilson.high),
        "spearman_rho": float(rho), "spearman_p": float(rho_p),
        "labelled": int(lab.sum()), "positives": int(y.sum()),
        "auc_champion": float(auc_a), "auc_challenger": float(auc_b),
        "delong_var_champion": var_a, "delong_var_challenger": var_b,
        "difference": float(diff), "difference_se": float(se), "z": float(z),
        "p_value": float(2 * stats.norm.sf(abs(z))),
        "difference_lower": float(diff - Z95 * se), "difference_upper": float(diff + Z95 * se),
        "both_correct": int((correct_a & correct_b).sum()), "both_wrong": int((~correct_a & ~correct_b).sum()),
        "mcnemar_b": mc_b, "mcnemar_c": mc_c,
        "mcnemar_exact_p": float(stats.binomtest(mc_b, mc_b + mc_c, 0.5).pvalue),
        "mcnemar_chi2": float(chi2), "mcnemar_chi2_p": float(stats.chi2.sf(chi2, 1)),
    }


def correlated(rng, n, shared, signal_a, signal_b, decimals, unknown_share, base_rate=0.35):
    """Two models seeing the same leads: a shared score component plus each model's own noise; scores rounded to
    `decimals` places so ties occur (within and across classes)."""
    y = (rng.random(n) < base_rate).astype(int)
    common = rng.normal(size=n)

    def score(signal):
        latent = signal * (2 * y - 1) + shared * common + rng.normal(size=n)
        return np.round(1 / (1 + np.exp(-latent)), decimals)

    a, b = score(signal_a), score(signal_b)
    o = np.where(rng.random(n) < unknown_share, -1, y)
    return a, b, o


def main():
    cases = []
    rng = np.random.default_rng(20261204)
    cases.append(case("ties_one_decimal_n60", *correlated(rng, 60, 0.8, 0.7, 0.9, 1, 0.2)))
    cases.append(case("two_decimals_n300", *correlated(rng, 300, 1.0, 0.6, 1.0, 2, 0.1)))
    cases.append(case("better_challenger_n500", *correlated(rng, 500, 0.5, 0.4, 1.2, 2, 0.0),
                      champion_threshold=0.45, challenger_threshold=0.55))
    cases.append(case("close_models_n120", *correlated(rng, 120, 1.5, 0.8, 0.8, 3, 0.25)))
    cases.append(case("weakly_related_n40", *correlated(rng, 40, 0.0, 0.3, 0.5, 1, 0.1)))
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "Engine.Tests/Performance/paired_reference.py", "cases": cases}, f, indent=1)
        f.write("\n")
    for c in cases:
        print(c["name"], {k: c[k] for k in c if k not in ("champion", "challenger", "outcomes")})


if __name__ == "__main__":
    main()
