"""Expected values for ReconstructionDriftTests, computed the way NannyML 0.13's DataReconstructionDriftCalculator
does (SimpleImputer(mean) -> StandardScaler -> PCA(n_components=0.65) -> per-row Euclidean reconstruction error;
chunk value = mean error, sampling error = std(ddof=1)/sqrt(n); thresholds = mean +/- 3 std (ddof=0) of the 10 reference
chunk values, lower limit 0). Run with Debian's python3 (scikit-learn 1.2.1):
    /usr/bin/python3 Engine.Tests/Drift/reconstruction_expected.py
It writes Fixtures/reconstruction_reference.csv and Fixtures/reconstruction_current.csv and prints the literals."""
import os
import numpy as np
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
rng = np.random.RandomState(20261204)
n, d = 400, 6
latent = rng.normal(size=(n, 2))
ref = np.column_stack([
    latent[:, 0] + 0.1 * rng.normal(size=n),
    2 * latent[:, 0] + 0.2 * rng.normal(size=n),
    latent[:, 1] + 0.1 * rng.normal(size=n),
    -latent[:, 1] + 0.3 * rng.normal(size=n),
    rng.normal(size=n),
    np.full(n, 7.0),                      # a constant column: scale 1, as sklearn does
])
ref[5, 2] = np.nan                        # a missing value: imputed with the reference mean
cur = ref[:200].copy()
cur[:, 1] = rng.permutation(cur[:, 1])   # same marginal, correlation with column 0 broken
np.savetxt(os.path.join(here, "reconstruction_reference.csv"), ref, delimiter=",", fmt="%.17g")
np.savetxt(os.path.join(here, "reconstruction_current.csv"), cur, delimiter=",", fmt="%.17g")

imputer = SimpleImputer(missing_values=np.nan, strategy="mean").fit(ref)
scaler = StandardScaler().fit(imputer.transform(ref))
pca = PCA(n_components=0.65, random_state=16).fit(scaler.transform(imputer.transform(ref)))

def errors(x):
    z = scaler.transform(imputer.transform(x))
    return np.linalg.norm(z - pca.inverse_transform(pca.transform(z)), axis=1)

size = n // 10
chunks = [errors(ref[i:i + size]) for i in range(0, n, size)]
values = np.array([c.mean() for c in chunks])
upper = values.mean() + 3 * values.std()
lower = values.mean() - 3 * values.std()
lower = None if lower <= 0 else lower
e = errors(cur)
print("components", pca.n_components_)
print("referenceChunkValues", ", ".join(repr(v) for v in values))
print("upper", repr(upper), "lower", repr(lower))
print("current mean", repr(e.mean()), "sampling error", repr(e.std(ddof=1) / np.sqrt(len(e))))
print("current first errors", ", ".join(repr(v) for v in e[:3]))
