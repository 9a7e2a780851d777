namespace LeadScoring.Engine.Features;

/// <summary>
/// Fitted target encoding of one raw column. A value (null already replaced by "UNKNOWN") is looked up with
/// ordinal equality (no trimming, case folding or normalisation); anything not in <see cref="Mapping"/> gets
/// <see cref="UnknownValue"/>.
/// </summary>
/// <param name="Column">Raw column name, also the feature name.</param>
/// <param name="UnknownValue">Encoding of unseen categories (the prior).</param>
/// <param name="MissingValue">Encoding of a true missing value reaching the encoder (the prior; unused on the
/// pipeline path because nulls become "UNKNOWN" first).</param>
/// <param name="Mapping">Category to encoded value.</param>
/// <param name="Counts">Training rows per category (empty when imported from the original, which did not keep them).</param>
public sealed record TargetEncodingColumn(
    string Column,
    double UnknownValue,
    double MissingValue,
    IReadOnlyDictionary<string, double> Mapping,
    IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// Fitted state of category_encoders' TargetEncoder (binary target): for a category with n training rows and
/// training mean m, <c>s = 1 / (1 + exp(-(n - MinSamplesLeaf) / Smoothing))</c> and
/// <c>enc = Prior·(1 − s) + m·s</c>; unseen and missing map to the prior.
/// </summary>
/// <param name="Prior">Mean of the training labels.</param>
/// <param name="Smoothing">Slope of the sigmoid weight (original: 2.0).</param>
/// <param name="MinSamplesLeaf">Count at which category and prior weigh equally (original: 20).</param>
/// <param name="Columns">One entry per <see cref="FeatureSchema.TargetEncodedColumns"/>, same order.</param>
public sealed record TargetEncoderState(
    double Prior,
    double Smoothing,
    int MinSamplesLeaf,
    IReadOnlyList<TargetEncodingColumn> Columns)
{
    /// <summary>Fits the encoder on categories (null meaning "UNKNOWN") and 0/1 labels.</summary>
    /// <param name="categories">Per column (in <see cref="FeatureSchema.TargetEncodedColumns"/> order), the value of every training row.</param>
    /// <param name="labels">0/1 label of every training row.</param>
    /// <param name="smoothing">Sigmoid slope.</param>
    /// <param name="minSamplesLeaf">Sigmoid midpoint.</param>
    public static TargetEncoderState Fit(IReadOnlyList<IReadOnlyList<string?>> categories, IReadOnlyList<int> labels,
        double smoothing, int minSamplesLeaf)
    {
        var positives = 0;
        foreach (var label in labels)
        {
            positives += label;
        }
        // pandas' y.mean(): an exact integer sum divided once.
        var prior = positives / (double)labels.Count;
        var columns = new List<TargetEncodingColumn>(categories.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            var stats = new Dictionary<string, (int Count, int Positives)>(StringComparer.Ordinal);
            var values = categories[c];
            for (var i = 0; i < values.Count; i++)
            {
                var key = values[i] ?? FeatureSchema.UnknownCategory;
                stats.TryGetValue(key, out var s);
                stats[key] = (s.Count + 1, s.Positives + labels[i]);
            }
            var mapping = new Dictionary<string, double>(StringComparer.Ordinal);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            // Sorted insertion keeps the serialized state byte-stable.
            foreach (var key in stats.Keys.Order(StringComparer.Ordinal))
            {
                var (n, k) = stats[key];
                var mean = k / (double)n;
                var weight = 1.0 / (1.0 + Math.Exp(-((n - minSamplesLeaf) / smoothing)));
                mapping[key] = (prior * (1.0 - weight)) + (mean * weight);
                counts[key] = n;
            }
            columns.Add(new TargetEncodingColumn(FeatureSchema.TargetEncodedColumns[c], prior, prior, mapping, counts));
        }
        return new TargetEncoderState(prior, smoothing, minSamplesLeaf, columns);
    }
}
