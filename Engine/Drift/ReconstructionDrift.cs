using System.Text.Json.Serialization;
using MathNet.Numerics.LinearAlgebra;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// Multivariate drift as NannyML 0.13's <c>DataReconstructionDriftCalculator</c> measures it
/// (nannyml/drift/multivariate/data_reconstruction/calculator.py): on the reference, impute missing values with the
/// column mean (SimpleImputer), standardize (StandardScaler: population std, a constant column scaled by 1), keep the
/// principal components that explain more than 65 % of the variance (PCA n_components=0.65); a row's reconstruction
/// error is the Euclidean distance between the standardized row and its projection back from those components. A
/// chunk's value is the mean error, its sampling error std (ddof 1) / √n; the alert thresholds are the mean ± 3σ
/// (σ with ddof 0) of the reference split into 10 chunks (NannyML's DefaultChunker), the lower one dropped when ≤ 0.
/// It catches changed correlations that per-column tests cannot see. Fit once per model version; immutable.
/// </summary>
public sealed record ReconstructionDrift
{
    /// <summary>Share of the variance the kept components must explain (NannyML's default n_components).</summary>
    public const double VarianceToKeep = 0.65;

    /// <summary>Reference chunks the thresholds come from (NannyML's DefaultChunker).</summary>
    public const int ReferenceChunks = 10;

    [JsonInclude] public double[] ImputeMeans { get; private init; } = [];

    [JsonInclude] public double[] ScaleMeans { get; private init; } = [];

    [JsonInclude] public double[] Scales { get; private init; } = [];

    [JsonInclude] public double[] PcaMean { get; private init; } = [];

    /// <summary>Kept components, row-major (components × columns).</summary>
    [JsonInclude] public double[] Components { get; private init; } = [];

    [JsonInclude] public int ComponentCount { get; private init; }

    /// <summary>Mean reconstruction error of each reference chunk.</summary>
    [JsonInclude] public double[] ReferenceChunkValues { get; private init; } = [];

    [JsonInclude] public double UpperThreshold { get; private init; }

    /// <summary>Null when mean − 3σ is at or below 0 (NannyML drops it).</summary>
    [JsonInclude] public double? LowerThreshold { get; private init; }

    /// <summary>Number of columns per row.</summary>
    public int ColumnCount => ImputeMeans.Length;

    /// <summary>Fits on reference rows (row-major, <paramref name="columns"/> values per row; NaN = missing).</summary>
    public static ReconstructionDrift Fit(ReadOnlySpan<double> rows, int columns)
    {
        var n = rows.Length / columns;
        if (n < ReferenceChunks * 2)
        {
            throw new ArgumentException($"The reference needs at least {ReferenceChunks * 2} rows for {ReferenceChunks} chunks.", nameof(rows));
        }
        var impute = new double[columns];
        var counts = new int[columns];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var x = rows[r * columns + c];
                if (!double.IsNaN(x))
                {
                    impute[c] += x;
                    counts[c]++;
                }
            }
        }
        for (var c = 0; c < columns; c++)
        {
            impute[c] = counts[c] == 0 ? 0 : impute[c] / counts[c];
        }
        var copy = rows[..(n * columns)].ToArray();
        var data = Matrix<double>.Build.Dense(n, columns, (r, c) => copy[r * columns + c] is var x && double.IsNaN(x) ? impute[c] : x);
        var means = new double[columns];
        var scales = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var column = data.Column(c);
            means[c] = column.Average();
            var variance = column.Select(x => (x - means[c]) * (x - means[c])).Sum() / n;
            var std = Math.Sqrt(variance);
            scales[c] = std < 10 * double.Epsilon ? 1.0 : std; // sklearn's _handle_zeros_in_scale
        }
        var standardized = Matrix<double>.Build.Dense(n, columns, (r, c) => (data[r, c] - means[c]) / scales[c]);
        var pcaMean = Enumerable.Range(0, columns).Select(c => standardized.Column(c).Average()).ToArray();
        var centered = Matrix<double>.Build.Dense(n, columns, (r, c) => standardized[r, c] - pcaMean[c]);
        var covariance = centered.TransposeThisAndMultiply(centered) / (n - 1);
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, columns).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var eigen = order.Select(i => Math.Max(0, evd.EigenValues[i].Real)).ToArray();
        var total = eigen.Sum();
        // sklearn: n_components = searchsorted(cumsum(ratio), 0.65, side="right") + 1.
        var keep = 0;
        var cumulative = 0.0;
        while (keep < columns && cumulative <= VarianceToKeep)
        {
            cumulative += total == 0 ? 1 : eigen[keep] / total;
            keep++;
        }
        var components = new double[keep * columns];
        for (var k = 0; k < keep; k++)
        {
            for (var c = 0; c < columns; c++)
            {
                components[k * columns + c] = evd.EigenVectors[c, order[k]];
            }
        }
        var fitted = new ReconstructionDrift
        {
            ImputeMeans = impute, ScaleMeans = means, Scales = scales, PcaMean = pcaMean, Components = components, ComponentCount = keep,
        };
        var size = n / ReferenceChunks;
        var values = new List<double>();
        for (var start = 0; start < n; start += size)
        {
            var end = Math.Min(n, start + size);
            values.Add(fitted.Evaluate(rows[(start * columns)..(end * columns)]).Value);
        }
        var mean = values.Average();
        var sigma = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        var lower = mean - 3 * sigma;
        return fitted with { ReferenceChunkValues = [.. values], UpperThreshold = mean + 3 * sigma, LowerThreshold = lower <= 0 ? null : lower };
    }

    /// <summary>The reconstruction error of a chunk of rows (row-major), with its sampling error and alert.</summary>
    public ReconstructionResult Evaluate(ReadOnlySpan<double> rows)
    {
        var columns = ColumnCount;
        var n = rows.Length / columns;
        if (n == 0)
        {
            return new ReconstructionResult(double.NaN, double.NaN, 0, UpperThreshold, LowerThreshold, Alert: false);
        }
        Span<double> z = stackalloc double[columns];
        Span<double> scores = stackalloc double[ComponentCount];
        var sum = 0.0;
        var sumSquares = 0.0;
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var x = rows[r * columns + c];
                z[c] = ((double.IsNaN(x) ? ImputeMeans[c] : x) - ScaleMeans[c]) / Scales[c] - PcaMean[c];
            }
            for (var k = 0; k < ComponentCount; k++)
            {
                var s = 0.0;
                for (var c = 0; c < columns; c++)
                {
                    s += z[c] * Components[k * columns + c];
                }
                scores[k] = s;
            }
            var error = 0.0;
            for (var c = 0; c < columns; c++)
            {
                var back = 0.0;
                for (var k = 0; k < ComponentCount; k++)
                {
                    back += scores[k] * Components[k * columns + c];
                }
                var residual = z[c] - back;
                error += residual * residual;
            }
            error = Math.Sqrt(error);
            sum += error;
            sumSquares += error * error;
        }
        var value = sum / n;
        var variance = n > 1 ? (sumSquares - n * value * value) / (n - 1) : double.NaN;
        var samplingError = Math.Sqrt(Math.Max(0, variance)) / Math.Sqrt(n);
        var alert = value >= UpperThreshold || (LowerThreshold is { } lo && value <= lo);
        return new ReconstructionResult(value, samplingError, n, UpperThreshold, LowerThreshold, alert);
    }
}

/// <summary>One chunk's multivariate drift.</summary>
/// <param name="Value">Mean reconstruction error of the chunk's rows.</param>
/// <param name="SamplingError">Standard error of that mean (std with ddof 1 / √n).</param>
/// <param name="Rows">Rows in the chunk.</param>
/// <param name="UpperThreshold">The reference's mean + 3σ.</param>
/// <param name="LowerThreshold">The reference's mean − 3σ, or null when that is ≤ 0.</param>
/// <param name="Alert">True when the value is outside the thresholds.</param>
public sealed record ReconstructionResult(double Value, double SamplingError, int Rows, double UpperThreshold, double? LowerThreshold, bool Alert);
