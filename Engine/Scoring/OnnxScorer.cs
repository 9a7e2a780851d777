using System.Buffers;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace LeadScoring.Engine.Scoring;

/// <summary>
/// Scores with one shared ONNX Runtime <see cref="InferenceSession"/> (thread-safe). The input is a float32
/// [N, F] tensor built by converting each double feature once with <c>(float)d</c>; the output carrying
/// P(engaged) is found from the session metadata (<see cref="OutputKind"/>).
/// </summary>
public sealed partial class OnnxScorer : IScorer
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _chunkRows;
    private int _disposed;

    private OnnxScorer(InferenceSession session, OnnxScorerOptions options)
    {
        _session = session;
        try
        {
            if (session.InputMetadata.Count != 1)
            {
                throw new InvalidDataException(
                    $"The model has {session.InputMetadata.Count} inputs; a scoring model has one float [N, F] input.");
            }
            var (inputName, input) = session.InputMetadata.First();
            if (!input.IsTensor || input.ElementType != typeof(float))
            {
                throw new InvalidDataException($"Model input '{inputName}' is not a float tensor.");
            }
            FeatureCount = ResolveFeatureCount(inputName, input, options.FeatureCount);
            (OutputName, OutputKind) = OnnxOutputResolver.Resolve(session.OutputMetadata, options.OutputName);
            InputName = inputName;
            _inputNames = [inputName];
            _outputNames = [OutputName];
            _chunkRows = options.ChunkRows > 0 ? options.ChunkRows : 4_096;
            Metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
            _singleRowShape = OnnxOutputResolver.SingleRowShape(session.OutputMetadata[OutputName], OutputKind);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Name of the model's single input.</summary>
    public string InputName { get; }

    /// <summary>Name of the output read for P(engaged).</summary>
    public string OutputName { get; }

    /// <summary>Shape of the output read for P(engaged).</summary>
    public OnnxOutputKind OutputKind { get; }

    /// <summary>The model's metadata_props (e.g. feature_columns, threshold, model_version).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Loads a model file.</summary>
    public static OnnxScorer Load(string path, OnnxScorerOptions? options = null)
    {
        options ??= new OnnxScorerOptions();
        using var sessionOptions = CreateSessionOptions(options);
        return new OnnxScorer(new InferenceSession(path, sessionOptions), options);
    }

    /// <summary>Loads a model from its serialized bytes (e.g. a registry row).</summary>
    public static OnnxScorer FromBytes(byte[] model, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxScorerOptions();
        using var sessionOptions = CreateSessionOptions(options);
        return new OnnxScorer(new InferenceSession(model, sessionOptions), options);
    }

    /// <inheritdoc />
    public TimeSpan Score(ReadOnlySpan<double> features, Span<double> probabilities)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var rows = ScorerGuards.RowCount(features.Length, FeatureCount);
        if (probabilities.Length < rows)
        {
            throw new ArgumentException($"The destination holds {probabilities.Length} values for {rows} rows.",
                nameof(probabilities));
        }
        var start = Stopwatch.GetTimestamp();
        if (rows == 0)
        {
            return TimeSpan.Zero;
        }
        var chunk = Math.Min(rows, _chunkRows);
        var buffer = ArrayPool<float>.Shared.Rent(chunk * FeatureCount);
        try
        {
            using var runOptions = new RunOptions();
            for (var first = 0; first < rows; first += chunk)
            {
                var n = Math.Min(chunk, rows - first);
                var values = n * FeatureCount;
                var source = features.Slice(first * FeatureCount, values);
                for (var i = 0; i < values; i++)
                {
                    buffer[i] = (float)source[i];
                }
                using var input = OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, values), [n, FeatureCount]);
                using var results = _session.Run(runOptions, _inputNames, [input], _outputNames);
                OnnxOutputReader.Read(results[0], OutputKind, n, probabilities.Slice(first, n));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        return Stopwatch.GetElapsedTime(start);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        DisposeSingleRowPool();
        _session.Dispose();
    }

    /// <summary>ONNX Runtime's session option (since 1.17) for where external tensor data of a model from bytes is read.</summary>
    internal const string ExternalDataFolderKey = "session.model_external_initializers_file_folder_path";

    private static readonly Lazy<string> s_emptyExternalDataFolder = new(() => Directory.CreateTempSubdirectory("leadscoring-onnx-no-external-data-").FullName);

    private static SessionOptions CreateSessionOptions(OnnxScorerOptions options)
    {
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        // A model loaded from bytes would resolve external tensor data against the working folder (database,
        // appsettings.json); point it at an empty folder instead (OnnxModelInspector refuses such models anyway).
        sessionOptions.AddSessionConfigEntry(ExternalDataFolderKey, s_emptyExternalDataFolder.Value);
        if (options.IntraOpNumThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpNumThreads;
            sessionOptions.InterOpNumThreads = 1;
        }
        return sessionOptions;
    }

    private static int ResolveFeatureCount(string inputName, NodeMetadata input, int? configured)
    {
        var dims = input.Dimensions;
        if (dims.Length != 2)
        {
            throw new InvalidDataException($"Model input '{inputName}' has rank {dims.Length}; expected [N, F].");
        }
        if (dims[1] > 0)
        {
            if (configured is { } c && c != dims[1])
            {
                throw new InvalidDataException($"Model input '{inputName}' takes {dims[1]} features, not {c}.");
            }
            return dims[1];
        }
        return configured ?? throw new InvalidDataException(
            $"Model input '{inputName}' has a symbolic feature width; set OnnxScorerOptions.FeatureCount.");
    }
}
