namespace LeadScoring.Engine.Performance.Calibration;

/// <summary>
/// A fitted isotonic calibrator, equal to scikit-learn 1.2.1's <c>IsotonicRegression(out_of_bounds="clip",
/// increasing=True)</c> after <c>fit</c>: the knots it keeps (<c>X_thresholds_</c>, <c>y_thresholds_</c>) and the
/// training range (<c>X_min_</c>, <c>X_max_</c>). Immutable and JSON-serialisable; NannyML's
/// <c>IsotonicCalibrator</c> (nannyml/calibration.py) wraps exactly this regressor.
/// </summary>
/// <param name="XThresholds">Knot scores, strictly increasing (scikit-learn's trimmed <c>X_thresholds_</c>).</param>
/// <param name="YThresholds">Calibrated probability at each knot, non-decreasing.</param>
/// <param name="XMin">Smallest training score; lower scores are clipped to it.</param>
/// <param name="XMax">Largest training score; higher scores are clipped to it.</param>
public sealed record IsotonicCalibrator(double[] XThresholds, double[] YThresholds, double XMin, double XMax)
{
    /// <summary>
    /// Fits on scores and 0/1 labels (unit weights) as scikit-learn does: rows sorted by (score, label); scores closer
    /// than numpy's float64 resolution (1e-15) to the first score of a run are merged into it with the mean label
    /// (sklearn's <c>_make_unique</c>); pool-adjacent-violators with equal neighbours pooled
    /// (<c>_inplace_contiguous_isotonic_regression</c>); knots whose value equals both neighbours dropped
    /// (<c>trim_duplicates</c>).
    /// </summary>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }
        if (scores.Length == 0)
        {
            throw new ArgumentException("Cannot fit an isotonic calibrator on no rows.", nameof(scores));
        }
        var n = scores.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Score {i + 1} is not finite.", nameof(scores));
            }
            order[i] = i;
        }
        var x = scores.ToArray();
        var y = labels.ToArray();
        // np.lexsort((y, X)): by X, then y.
        Array.Sort(order, (a, b) =>
        {
            var c = x[a].CompareTo(x[b]);
            return c != 0 ? c : y[a].CompareTo(y[b]);
        });
        return FitSorted(order.Select(i => x[i]).ToArray(), order.Select(i => (double)y[i]).ToArray());
    }

    /// <summary>Fit on rows already sorted by (score, label) with unit weights.</summary>
    internal static IsotonicCalibrator FitSorted(double[] x, double[] y)
    {
        const double resolution = 1e-15; // np.finfo(np.float64).resolution
        var n = x.Length;
        var ux = new List<double>();
        var uy = new List<double>();
        var uw = new List<double>();
        var currentX = x[0];
        double currentY = 0, currentWeight = 0;
        for (var j = 0; j < n; j++)
        {
            if (x[j] - currentX >= resolution)
            {
                ux.Add(currentX);
                uw.Add(currentWeight);
                uy.Add(currentY / currentWeight);
                currentX = x[j];
                currentWeight = 1;
                currentY = y[j];
            }
            else
            {
                currentWeight += 1;
                currentY += y[j];
            }
        }
        ux.Add(currentX);
        uw.Add(currentWeight);
        uy.Add(currentY / currentWeight);

        var fitted = uy.ToArray();
        PoolAdjacentViolators(fitted, uw.ToArray());
        var xs = ux.ToArray();
        var xMin = xs[0];
        var xMax = xs[^1];
        // trim_duplicates: keep the ends and every point whose y differs from a neighbour.
        var keptX = new List<double>(xs.Length);
        var keptY = new List<double>(xs.Length);
        for (var i = 0; i < xs.Length; i++)
        {
            if (i == 0 || i == xs.Length - 1 || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1])
            {
                keptX.Add(xs[i]);
                keptY.Add(fitted[i]);
            }
        }
        return new IsotonicCalibrator([.. keptX], [.. keptY], xMin, xMax);
    }

    /// <summary>
    /// sklearn/_isotonic.pyx <c>_inplace_contiguous_isotonic_regression</c>: single-pass PAV with backtracking; y and
    /// w are overwritten (y with the fit).
    /// </summary>
    internal static void PoolAdjacentViolators(double[] y, double[] w)
    {
        var n = y.Length;
        var target = new int[n];
        for (var t = 0; t < n; t++)
        {
            target[t] = t;
        }
        var i = 0;
        while (i < n)
        {
            var k = target[i] + 1;
            if (k == n)
            {
                break;
            }
            if (y[i] < y[k])
            {
                i = k;
                continue;
            }
            var sumWy = w[i] * y[i];
            var sumW = w[i];
            while (true)
            {
                var prevY = y[k];
                sumWy += w[k] * y[k];
                sumW += w[k];
                k = target[k] + 1;
                if (k == n || prevY < y[k])
                {
                    y[i] = sumWy / sumW;
                    w[i] = sumW;
                    target[i] = k - 1;
                    target[k - 1] = i;
                    if (i > 0)
                    {
                        i = target[i - 1];
                    }
                    break;
                }
            }
        }
        i = 0;
        while (i < n)
        {
            var k = target[i] + 1;
            for (var j = i + 1; j < k; j++)
            {
                y[j] = y[i];
            }
            i = k;
        }
    }

    /// <summary>
    /// The calibrated probability of one score: clipped to [<see cref="XMin"/>, <see cref="XMax"/>], then scipy's
    /// <c>interp1d(kind="linear")</c> on the knots, evaluated as scipy does (left <c>searchsorted</c>, index clipped to
    /// [1, K−1], <c>slope·(x − x_lo) + y_lo</c>), so results are bit-equal to scikit-learn's <c>predict</c>.
    /// </summary>
    public double Calibrate(double score)
    {
        var xs = XThresholds;
        var ys = YThresholds;
        if (xs.Length == 1)
        {
            return ys[0];
        }
        var x = Math.Clamp(score, XMin, XMax);
        // searchsorted(xs, x, side='left'): first index with xs[i] >= x.
        int lo = 0, hi = xs.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (xs[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return Interpolate(Math.Clamp(lo, 1, xs.Length - 1), x);
    }

    /// <summary>scipy's linear formula between knots <paramref name="index"/> − 1 and <paramref name="index"/>.</summary>
    internal double Interpolate(int index, double clippedScore)
    {
        var xLo = XThresholds[index - 1];
        var yLo = YThresholds[index - 1];
        var slope = (YThresholds[index] - yLo) / (XThresholds[index] - xLo);
        return slope * (clippedScore - xLo) + yLo;
    }

    /// <summary>Calibrates every score (see <see cref="Calibrate(double)"/>).</summary>
    public double[] Calibrate(ReadOnlySpan<double> scores)
    {
        var result = new double[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            result[i] = Calibrate(scores[i]);
        }
        return result;
    }
}
