using LeadScoring.Core.Diagnostics;
using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LeadScoring.Core.Batches;

/// <summary>
/// One upload's stages, overlapping as the file arrives: read and validate (its own thread, reading the stream as it
/// comes) → features and score (a chunk at a time) → write rows (into one transaction the caller commits or rolls
/// back). Bounded channels between stages keep at most a few chunks in memory, so a large file is never held whole;
/// what the drift test needs is kept column by column (<see cref="LeadDriftColumnsBuilder"/>).
/// </summary>
internal sealed class BatchPipeline(ILeadScoringDbFactory dbFactory, BatchRecord batch, ScoringModel? model, long timestampMs,
    ProgressCounter progress) : IAsyncDisposable
{
    /// <summary>Rows per chunk: large enough that ONNX Runtime and the feature pipeline run at batch speed.</summary>
    public const int ChunkRows = 4096;

    private readonly StageClock _receive = new();
    private readonly StageClock _parse = new();
    private readonly StageClock _features = new();
    private readonly StageClock _score = new();
    private readonly StageClock _store = new();
    private readonly List<double> _scores = [];
    private readonly List<double> _labelledScores = [];
    private readonly List<int> _labels = [];
    private LeadScoringDbContext? _db;
    private IDbContextTransaction? _transaction;

    /// <summary>The drift test's input, filled as rows are scored.</summary>
    public LeadDriftColumnsBuilder DriftColumns { get; } = new();

    /// <summary>Every row's score, in file order.</summary>
    public IReadOnlyList<double> Scores => _scores;

    /// <summary>Scores and labels of the rows that carry a label.</summary>
    public (IReadOnlyList<double> Scores, IReadOnlyList<int> Labels) Labelled => (_labelledScores, _labels);

    /// <summary>The open transaction holding the written rows (null when no row was written).</summary>
    public LeadScoringDbContext? Db => _db;

    public IDbContextTransaction? Transaction => _transaction;

    /// <summary>Reads the CSV to its end through every stage; the summary says whether the file is valid.</summary>
    public async Task<LeadBatchParseResult> RunAsync(Stream csv, CsvReadOptions readOptions, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parsed = Channel.CreateBounded<LeadChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var scored = Channel.CreateBounded<PredictionRecord[]>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var parse = Task.Factory.StartNew(() => Parse(csv, readOptions, parsed.Writer, stop.Token), stop.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var score = Task.Run(() => ScoreAsync(parsed.Reader, scored.Writer, stop.Token), stop.Token);
        var store = Task.Run(() => StoreAsync(scored.Reader, stop.Token), stop.Token);
        try
        {
            await Task.WhenAll(parse, score, store);
        }
        catch
        {
            await stop.CancelAsync(); // one stage failed: stop the others, the caller rolls back
            await Task.WhenAll(parse, score, store).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        return parse.Result;
    }

    /// <summary>Busy time per stage so far.</summary>
    public (TimeSpan Receive, TimeSpan Parse, TimeSpan Features, TimeSpan Score, TimeSpan Store) Times =>
        (_receive.Elapsed, _parse.Elapsed - _receive.Elapsed, _features.Elapsed, _score.Elapsed, _store.Elapsed);

    private LeadBatchParseResult Parse(Stream csv, CsvReadOptions readOptions, ChannelWriter<LeadChunk> output, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var reader = LeadCsvStream.Open(new TimedReadStream(csv, _receive), readOptions);
            var chunk = new LeadChunk();
            while (reader.ReadChunk(chunk, ChunkRows))
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.AddParsed(chunk.Count);
                if (!output.TryWrite(chunk))
                {
                    output.WriteAsync(chunk, cancellationToken).AsTask().GetAwaiter().GetResult();
                }
                chunk = new LeadChunk();
            }
            return reader.Summary();
        }
        finally
        {
            _parse.Add(start);
            output.TryComplete();
        }
    }

    private async Task ScoreAsync(ChannelReader<LeadChunk> input, ChannelWriter<PredictionRecord[]> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in input.ReadAllAsync(cancellationToken))
            {
                if (model is null)
                {
                    continue; // no champion: the file is still read and checked; the caller reports why nothing was scored
                }
                var started = Stopwatch.GetTimestamp();
                var rows = chunk.Count;
                using var activity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.upload.score_chunk");
                activity?.SetTag("leadscoring.rows", rows);
                // 3 MB per chunk: rented, not allocated, so a long upload does not fill the large-object heap with
                // dead buffers that only a full collection returns (measured: +200 MB over a million rows).
                var buffer = ArrayPool<double>.Shared.Rent(rows * FeatureSchema.Count);
                var features = buffer.AsSpan(0, rows * FeatureSchema.Count);
                _features.Time(() => Features(chunk, model, buffer));
                var scores = new double[rows];
                var inference = _score.Time(() => model.Scorer.Score(buffer.AsSpan(0, rows * FeatureSchema.Count), scores));
                LeadScoringDiagnostics.RecordScoring("upload", rows, inference.TotalMilliseconds);
                var records = new PredictionRecord[rows];
                var perRow = Stopwatch.GetElapsedTime(started).TotalMilliseconds / rows;
                for (var i = 0; i < rows; i++)
                {
                    var row = features.Slice(i * FeatureSchema.Count, FeatureSchema.Count);
                    DriftColumns.Add(row);
                    _scores.Add(scores[i]);
                    if (chunk.Labels.Count > 0 && chunk.Labels[i] is { } label)
                    {
                        _labelledScores.Add(scores[i]);
                        _labels.Add(label);
                    }
                    records[i] = new PredictionRecord
                    {
                        TimestampMs = timestampMs, BatchId = batch.Id, ModelVersionId = model.RegistryId, Score = scores[i],
                        PredictedEngaged = model.IsEngaged(scores[i]), ActualEngaged = chunk.Labels.Count > 0 ? chunk.Labels[i] : null,
                        InferenceMs = inference.TotalMilliseconds / rows, EndToEndMs = perRow,
                        Features = FeatureBlob.Pack(row), Source = PredictionSource.Upload,
                        LeadId = chunk.LeadIds.Count > 0 ? chunk.LeadIds[i] : null,
                    };
                }
                ArrayPool<double>.Shared.Return(buffer);
                progress.AddScored(rows);
                await output.WriteAsync(records, cancellationToken);
            }
        }
        finally
        {
            output.TryComplete();
        }
    }

    private static bool Features(LeadChunk chunk, ScoringModel model, double[] features)
    {
        if (chunk.Raw.Count > 0)
        {
            var pipeline = model.Pipeline ?? throw new InvalidOperationException("The champion has no feature pipeline.");
            pipeline.TransformBatch(chunk.Raw, features);
        }
        else
        {
            for (var i = 0; i < chunk.Processed.Count; i++)
            {
                chunk.Processed[i].CopyTo(features, i * FeatureSchema.Count);
            }
        }
        return true;
    }

    private async Task StoreAsync(ChannelReader<PredictionRecord[]> input, CancellationToken cancellationToken)
    {
        await foreach (var records in input.ReadAllAsync(cancellationToken))
        {
            var start = Stopwatch.GetTimestamp();
            if (_transaction is null)
            {
                // The write lock is taken with the first scored rows, not before: a rejected header never locks the store.
                _db = dbFactory.CreateDbContext();
                await _db.Database.OpenConnectionAsync(cancellationToken);
                if (_db.Database.IsSqlite())
                {
                    // Every index entry of a batch is appended (the indexes order rows by Id after their key column),
                    // so the upload touches few pages; a page cache a little above the 2 MB default keeps those warm.
                    // (When the entries landed at random places, 48 MB were needed and cost that much memory.)
                    await _db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{UploadCacheKibibytes}", cancellationToken);
                }
                _transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            }
            await PredictionBulkWriter.WriteAsync(_db!, records, cancellationToken);
            _store.Add(start);
            progress.AddStored(records.Length);
            CollectPromotedGarbage(records.Length);
        }
    }

    // Rows live in the pipeline for a few chunks, long enough to be promoted by gen0/gen1 collections; dead in gen2,
    // they would wait for a full collection that a server answering small requests rarely needs, and a million-row
    // upload grew the process by ~600 MB that way (measured). A background full collection every ~128k rows returns
    // them while the upload runs (concurrent: no long pause).
    private void CollectPromotedGarbage(int rows)
    {
        _rowsSinceCollection += rows;
        if (_rowsSinceCollection >= RowsPerCollection)
        {
            _rowsSinceCollection = 0;
            GC.Collect(2, GCCollectionMode.Forced, blocking: false, compacting: false);
        }
    }

    private const int RowsPerCollection = 1 << 17;
    private const int UploadCacheKibibytes = 16 * 1024;
    private int _rowsSinceCollection;

    // After a large upload the GC and the C allocator keep the memory they grew to, so each later upload started
    // higher: two 1M-row uploads in a row peaked +411 MB above the first idle (measured). One aggressive collection and
    // a trim of the C heap when such an upload ends give it back; the pause (a compacting full collection of what is left,
    // ~0.1–0.3 s here) happens once per upload of at least this many rows, never during small ones.
    private const int RowsForAggressiveCollection = 2 * RowsPerCollection;

    private void ReturnMemoryAfterLargeUpload()
    {
        if (progress.Stored >= RowsForAggressiveCollection)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            ProcessMemory.ReturnFreeNativeMemory();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync(); // rolls back unless the caller committed
            _transaction = null;
        }
        if (_db is not null)
        {
            if (_db.Database.IsSqlite())
            {
                await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000"); // the pooled connection goes back as it came
            }
            await _db.DisposeAsync();
            _db = null;
        }
        ReturnMemoryAfterLargeUpload();
    }
}
