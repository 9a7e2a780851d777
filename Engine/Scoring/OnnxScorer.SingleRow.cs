using Microsoft.ML.OnnxRuntime;

namespace LeadScoring.Engine.Scoring;

public sealed partial class OnnxScorer
{
    private readonly long[]? _singleRowShape;
    // A small lock-free pool: each concurrent single-row call takes its own pinned buffers and OrtValues.
    private readonly SingleRowContext?[] _pool = new SingleRowContext?[Math.Max(4, Environment.ProcessorCount * 2)];

    /// <inheritdoc />
    public double ScoreOne(ReadOnlySpan<double> features)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"A row has {FeatureCount} features, not {features.Length}.", nameof(features));
        }
        if (_singleRowShape is null)
        {
            Span<double> one = stackalloc double[1];
            Score(features, one);
            return one[0];
        }
        var context = Rent();
        try
        {
            return context.Run(_session, features);
        }
        finally
        {
            Return(context);
        }
    }

    private SingleRowContext Rent()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            var context = Interlocked.Exchange(ref _pool[i], null);
            if (context is not null)
            {
                return context;
            }
        }
        return new SingleRowContext(_session, InputName, OutputName, FeatureCount, _singleRowShape!);
    }

    private void Return(SingleRowContext context)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            for (var i = 0; i < _pool.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _pool[i], context, null) is null)
                {
                    return;
                }
            }
        }
        context.Dispose();
    }

    private void DisposeSingleRowPool()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            Interlocked.Exchange(ref _pool[i], null)?.Dispose();
        }
    }

    /// <summary>
    /// Preallocated input/output buffers, OrtValues over them and an IO binding, so a single-row Run allocates
    /// (almost) nothing managed.
    /// </summary>
    private sealed class SingleRowContext : IDisposable
    {
        private readonly float[] _input;
        private readonly float[] _output;
        private readonly OrtValue _inputValue;
        private readonly OrtValue _outputValue;
        private readonly OrtIoBinding _binding;
        private readonly RunOptions _runOptions = new();

        public SingleRowContext(InferenceSession session, string inputName, string outputName, int featureCount,
            long[] outputShape)
        {
            _input = new float[featureCount];
            _output = new float[outputShape.Aggregate(1L, (a, b) => a * b)];
            _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, featureCount]);
            _outputValue = OrtValue.CreateTensorValueFromMemory(_output, outputShape);
            _binding = session.CreateIoBinding();
            _binding.BindInput(inputName, _inputValue);
            _binding.BindOutput(outputName, _outputValue);
        }

        public double Run(InferenceSession session, ReadOnlySpan<double> features)
        {
            for (var i = 0; i < _input.Length; i++)
            {
                _input[i] = (float)features[i];
            }
            session.RunWithBinding(_runOptions, _binding);
            // [1] or [1, 1] holds p; [1, 2] holds [1 - p, p].
            return _output[^1];
        }

        public void Dispose()
        {
            _binding.Dispose();
            _inputValue.Dispose();
            _outputValue.Dispose();
            _runOptions.Dispose();
        }
    }
}
