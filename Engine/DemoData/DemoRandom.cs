namespace LeadScoring.Engine.DemoData;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small PRNG under our control, so the demo data is the same on
/// every .NET version and platform. Normal variates use the Irwin–Hall sum (no transcendental functions,
/// whose last bit may differ between C runtimes).
/// </summary>
public sealed class DemoRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A generator whose whole stream is fixed by <paramref name="seed"/>.</summary>
    public DemoRandom(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) (n ≥ 1), by rejection so there is no modulo bias.</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong x;
        do
        {
            x = NextUInt64();
        }
        while (x >= limit);
        return (int)(x % bound);
    }

    /// <summary>Uniform integer in [min, max] inclusive.</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Approximately standard normal: sum of 12 uniforms minus 6 (range ±6).</summary>
    public double NextNormal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }
        return sum - 6.0;
    }

    /// <summary>A new generator for a sub-stream, so adding draws in one place does not shift another.</summary>
    public DemoRandom Fork() => new(NextUInt64());

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>A categorical distribution over strings (a null value stands for a missing cell).</summary>
public sealed class Weighted
{
    private readonly string?[] _values;
    private readonly double[] _cumulative;

    /// <summary>Values with relative (not necessarily normalised) weights.</summary>
    public Weighted(params (string? Value, double Weight)[] entries)
    {
        _values = entries.Select(e => e.Value).ToArray();
        _cumulative = new double[entries.Length];
        var total = 0.0;
        for (var i = 0; i < entries.Length; i++)
        {
            total += entries[i].Weight;
            _cumulative[i] = total;
        }
    }

    /// <summary>The values, in declaration order.</summary>
    public IReadOnlyList<string?> Values => _values;

    /// <summary>Draws one value.</summary>
    public string? Sample(DemoRandom random)
    {
        var u = random.NextDouble() * _cumulative[^1];
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (u < _cumulative[i])
            {
                return _values[i];
            }
        }
        return _values[^1];
    }
}
