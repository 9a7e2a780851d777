# Produces the literal expected values used by the statistics tests (run with Debian's /usr/bin/python3,
# scipy 1.10.1, numpy 1.24.2). Data generators mirror TestData.Lcg in StatisticsTestData.cs.
import numpy as np
from scipy import stats, special
from scipy.spatial import distance

def lcg(n, seed, scale=1.0, offset=0.0, decimals=None):
    # x_{k+1} = (x_k * 6364136223846793005 + 1442695040888963407) mod 2^64; value = (x >> 11) / 2^53
    out = []
    x = seed
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        v = (x >> 11) / float(1 << 53) * scale + offset
        if decimals is not None:
            v = float(np.round(v, decimals))
        out.append(v)
    return np.array(out)

def r(x):
    return repr(float(x))

print("// ks_2samp small")
A = [1.0, 2.0, 2.0, 3.0, 5.0]
B = [2.0, 2.0, 4.0, 6.0, 7.0, 7.0]
print("ks small ties", r(stats.ks_2samp(A, B).statistic), r(stats.ks_2samp(A, B).pvalue))
a = lcg(50, 1, 10, 0, 1); b = lcg(37, 2, 10, 1, 1)
res = stats.ks_2samp(a, b); print("ks 50 vs 37", r(res.statistic), r(res.pvalue))
a = lcg(20, 3); b = lcg(20, 4, 1, 0.3)
res = stats.ks_2samp(a, b); print("ks 20 vs 20", r(res.statistic), r(res.pvalue))
for (n1, n2, s, off) in [(1000, 10000, 5, 0.02), (10000, 10000, 6, 0.01), (10000, 10001, 7, 0.01), (10000, 100000, 8, 0.003), (10000, 100000, 9, 0.05), (5, 20000, 10, 0.3)]:
    a = lcg(n1, s); b = lcg(n2, s + 100, 1, off)
    res = stats.ks_2samp(a, b); print("ks", n1, n2, s, off, r(res.statistic), r(res.pvalue))
print("// kstwo.sf")
for (n, x) in [(5, 0.15), (5, 0.3), (10, 0.12), (100, 0.05), (100, 0.15), (100, 0.25), (100, 0.6), (130, 0.9995), (9901, 0.005), (9901, 0.012), (9901, 0.02), (9901, 0.0005), (200000, 0.002), (200000, 0.0035)]:
    print("kstwo", n, x, r(stats.kstwo.sf(x, n)))
print("// smirnov")
for (n, x) in [(5, 0.3), (20, 0.1), (100, 0.1), (1000, 0.05), (9901, 0.02), (50, 0.9)]:
    print("smirnov", n, x, r(special.smirnov(n, x)))
print("// chisquare")
obs = [10, 20, 30, 40]; exp = [15.0, 25.0, 25.0, 35.0]
print("chisq", r(stats.chisquare(obs, exp).statistic), r(stats.chisquare(obs, exp).pvalue))
print("chisq sf", r(stats.chi2.sf(3.5, 7)), r(stats.chi2.sf(250.0, 9)))
print("// z")
def z(k1, n1, k2, n2):
    p1 = k1 / n1; p2 = k2 / n2; P = (p1 * n1 + p2 * n2) / (n1 + n2)
    zz = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return zz, 2 * (1 - stats.norm.cdf(np.abs(zz)))
print("z", *[r(v) for v in z(73, 100, 62, 100)], *[r(v) for v in z(7300, 10000, 62000, 100000)])
print("// js / psi")
p = np.array([0.1, 0.2, 0.3, 0.4]); q = np.array([0.25, 0.25, 0.25, 0.25])
print("js", r(distance.jensenshannon(p, q)), r(distance.jensenshannon(p, q, base=2)), r(distance.jensenshannon([1, 0], [0, 1])))
print("psi", r(np.sum((p - q) * np.log(p / q))))
print("// wasserstein")
a = lcg(200, 11, 3); b = lcg(150, 12, 3, 0.5)
print("wd", r(stats.wasserstein_distance(a, b)), r(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)))
print("wd ties", r(stats.wasserstein_distance([0, 0, 1, 1, 2], [0, 1, 1, 1, 5, 5])))
print("// sturges")
x = np.concatenate([lcg(1500, 13, 10), lcg(700, 14, 12, -1)])
e = np.histogram_bin_edges(x, bins="sturges"); print("sturges", len(e), r(e[0]), r(e[1]), r(e[-1]))
print("hist", list(np.histogram(lcg(1500, 13, 10), e)[0]))
d = np.histogram_bin_edges(lcg(1000, 15, 1) ** 3, bins="doane"); print("doane", len(d), r(d[1]), r(d[-1]))
