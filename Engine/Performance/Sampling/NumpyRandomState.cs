namespace LeadScoring.Engine.Performance.Sampling;

/// <summary>
/// The parts of numpy's legacy <c>RandomState(seed)</c> that scikit-learn's <c>StratifiedShuffleSplit</c> uses:
/// MT19937 seeded with <c>init_genrand</c> (numpy's <c>mt19937_seed</c>, chosen by <c>_legacy_seeding</c> for an int
/// seed), <c>random_interval</c> (mask-and-reject on 32-bit draws), <c>shuffle</c> (Fisher–Yates from the end) and
/// <c>permutation</c>. Bit-for-bit equal to numpy 1.24's for these calls, so the calibration decision below splits
/// the reference rows exactly as NannyML does (StratifiedShuffleSplit(random_state=42)).
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>numpy.random.RandomState(<paramref name="seed"/>).</summary>
    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        }
        _index = N;
    }

    /// <summary>The next 32-bit output (genrand_int32 with tempering).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }
        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>numpy's <c>random_interval(max)</c> for max &lt; 2^32: uniform on [0, max].</summary>
    public long RandomInterval(long max)
    {
        if (max == 0)
        {
            return 0;
        }
        var mask = (ulong)max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        if ((ulong)max > 0xffffffffUL)
        {
            throw new NotSupportedException("Intervals wider than 2^32 are not needed here.");
        }
        ulong value;
        while ((value = NextUInt32() & mask) > (ulong)max)
        {
        }
        return (long)value;
    }

    /// <summary><c>RandomState.shuffle</c> of a 1-d array: for i = n−1 … 1 swap a[i] with a[random_interval(i)].</summary>
    public void Shuffle(Span<int> values)
    {
        for (var i = values.Length - 1; i >= 1; i--)
        {
            var j = (int)RandomInterval(i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><c>RandomState.permutation(n)</c>: a shuffled 0 … n−1.</summary>
    public int[] Permutation(int n)
    {
        var values = new int[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = i;
        }
        Shuffle(values);
        return values;
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7fffffffu);
            var next = _mt[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0)
            {
                next ^= 0x9908b0dfu;
            }
            _mt[i] = next;
        }
        _index = 0;
    }
}
