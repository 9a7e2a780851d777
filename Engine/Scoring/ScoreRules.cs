using System.Numerics;

namespace LeadScoring.Engine.Scoring;

/// <summary>Score band the original API calls "confidence" (it is a band of the score, not a certainty).</summary>
public enum ConfidenceBand
{
    /// <summary>Score below 0.4.</summary>
    Low,

    /// <summary>Score in [0.4, 0.7).</summary>
    Medium,

    /// <summary>Score at or above 0.7.</summary>
    High,
}

/// <summary>The original API's response rules on top of a raw score (spec §3.3).</summary>
public static class ScoreRules
{
    /// <summary>Decision threshold of the original model: engaged iff the unrounded score is at least this.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Lower bound (inclusive) of the high band.</summary>
    public const double HighConfidence = 0.7;

    /// <summary>Lower bound (inclusive) of the medium band.</summary>
    public const double MediumConfidence = 0.4;

    /// <summary>Engaged iff the unrounded score is at or above the threshold.</summary>
    public static bool IsEngaged(double score, double threshold = DefaultThreshold) => score >= threshold;

    /// <summary>"engaged" or "not_engaged", as the original API answers.</summary>
    public static string LabelText(bool engaged) => engaged ? "engaged" : "not_engaged";

    /// <summary>high ≥ 0.7, medium ≥ 0.4, else low (boundaries inclusive).</summary>
    public static ConfidenceBand Confidence(double score) =>
        score >= HighConfidence ? ConfidenceBand.High
        : score >= MediumConfidence ? ConfidenceBand.Medium
        : ConfidenceBand.Low;

    /// <summary>"high", "medium" or "low".</summary>
    public static string ConfidenceText(ConfidenceBand band) => band switch
    {
        ConfidenceBand.High => "high",
        ConfidenceBand.Medium => "medium",
        _ => "low",
    };

    /// <summary>The response score: Python's <c>round(score, 4)</c>.</summary>
    public static double RoundScore(double score) => PythonRound(score, 4);

    /// <summary>
    /// Python's <c>round(value, digits)</c> for floats: the exact binary value is rounded to the nearest multiple of
    /// 10^-digits, ties to even, and the result is the double nearest that decimal. Math.Round(value, digits) scales
    /// by 10^digits first and can land on the wrong side of a midpoint, so near one the comparison is done exactly.
    /// </summary>
    public static double PythonRound(double value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }
        var magnitude = Math.Abs(value);
        var scale = Math.Pow(10, digits);
        var scaled = magnitude * scale;
        if (scaled >= 4503599627370496d)
        {
            return value; // >= 2^52: already a whole number at this scale.
        }
        var floor = Math.Floor(scaled);
        var fraction = scaled - floor;
        double rounded;
        if (Math.Abs(fraction - 0.5) > 1e-6)
        {
            rounded = fraction < 0.5 ? floor : floor + 1;
        }
        else
        {
            var comparison = CompareWithMidpoint(magnitude, digits, floor);
            rounded = comparison < 0 ? floor
                : comparison > 0 ? floor + 1
                : (floor % 2 == 0 ? floor : floor + 1);
        }
        return Math.CopySign(rounded / scale, value);
    }

    /// <summary>Sign of magnitude·10^digits − (floor + ½), computed exactly.</summary>
    private static int CompareWithMidpoint(double magnitude, int digits, double floor)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        int exponent;
        if (exponentBits == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = exponentBits - 1075;
        }
        // magnitude = mantissa * 2^exponent; compare 2·mantissa·10^digits·2^exponent with 2·floor + 1.
        var left = 2 * new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        var right = 2 * new BigInteger(floor) + 1;
        if (exponent >= 0)
        {
            left <<= exponent;
        }
        else
        {
            right <<= -exponent;
        }
        return left.CompareTo(right);
    }
}
