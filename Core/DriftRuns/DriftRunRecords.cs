using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift;

namespace LeadScoring.Core.DriftRuns;

/// <summary>What a drift run is recorded with besides its <see cref="DriftRun"/>.</summary>
/// <param name="Kind">What was tested.</param>
/// <param name="Trigger">Who or what started it.</param>
/// <param name="RequestedBy">User name or "api-key:NAME"; null = "system".</param>
/// <param name="Reference">The reference used (hashed).</param>
/// <param name="Options">The drift options in force (overrides applied).</param>
/// <param name="Overrides">The request's overrides, recorded as asked.</param>
/// <param name="BatchId">The batch tested, for batch and upload runs.</param>
/// <param name="Window">The window tested, for window runs.</param>
public sealed record DriftRunContext(DriftRunKind Kind, DriftRunTrigger Trigger, string? RequestedBy, DriftReference Reference, DriftOptions Options,
    DriftOverrides? Overrides = null, long? BatchId = null, Engine.Domain.TimeWindow? Window = null);

/// <summary>Turns runs into stored rows and back: the reference hash, the configuration JSON, the (compressed) report.</summary>
public static class DriftRunRecords
{
    /// <summary>Who a run without a caller (a background evaluation) is recorded as.</summary>
    public const string System = "system";

    // References are cached per model version by the registry (same instance), so each is hashed once.
    private static readonly ConditionalWeakTable<DriftReference, string> s_hashes = [];

    /// <summary>SHA-256 (lower-case hex) of the reference's canonical JSON: equal for the same reference, wherever it came from.</summary>
    public static string ReferenceHash(DriftReference reference) =>
        s_hashes.GetValue(reference, r => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DriftReferenceSerializer.ToJson(r)))));

    /// <summary>
    /// The configuration that decides a run's answer, as JSON: the effective options (columns sorted, thread count left
    /// out: it changes no number) and the overrides the request asked for.
    /// </summary>
    public static string ConfigJson(DriftOptions options, DriftOverrides? overrides)
    {
        var config = new
        {
            options = new
            {
                options.Profile, options.BenjaminiHochberg, options.YellowShare, options.RedShare, options.DatasetDriftShare,
                options.MissingShareTolerance, options.MaxListedUnseen, options.PlotBins,
                Columns = new SortedDictionary<string, ColumnDriftOverride>(options.Columns, StringComparer.Ordinal),
            },
            overrides = overrides is null ? null : new { overrides.Profile, overrides.BenjaminiHochberg },
        };
        return JsonSerializer.Serialize(config, DriftReportJson.Options);
    }

    /// <summary>The row for <paramref name="run"/> (not saved). Reports above <paramref name="compressAboveBytes"/> are gzip-compressed.</summary>
    public static DriftRunRecord Build(DriftRun run, DriftRunContext context, DateTime createdAtUtc, int compressAboveBytes)
    {
        var report = run.Report;
        var json = DriftReportJson.Serialize(report, indented: false);
        var bytes = Encoding.UTF8.GetByteCount(json);
        return new DriftRunRecord
        {
            CreatedAtUtc = createdAtUtc,
            Kind = context.Kind,
            Trigger = context.Trigger,
            RequestedBy = Cut(string.IsNullOrWhiteSpace(context.RequestedBy) ? System : context.RequestedBy, 256),
            Subject = Cut(run.Subject, 512),
            ReferenceLabel = Cut(run.Reference, 512),
            ReferenceHash = ReferenceHash(context.Reference),
            ModelVersionId = run.ModelVersionId,
            BatchId = context.BatchId,
            WindowFromMs = context.Window?.FromMs,
            WindowToMs = context.Window?.ToMs,
            CurrentRows = report.CurrentRows,
            ReferenceRows = report.ReferenceRows,
            AvailableRows = run.AvailableRows,
            Capped = run.Capped,
            TestedColumns = report.TestedColumns,
            DriftedColumns = report.DriftedColumns,
            DriftShare = report.DriftShare,
            AlertLevel = report.AlertLevel.ToString().ToLowerInvariant(),
            ConfigJson = ConfigJson(context.Options, context.Overrides),
            NoticesJson = JsonSerializer.Serialize(run.Notices),
            Computation = run.Computation is { } computation ? Cut(computation, Storage.Configurations.DriftRunConfiguration.DriftRunComputationMaxLength) : null,
            ReportJson = bytes > compressAboveBytes ? null : json,
            ReportGzip = bytes > compressAboveBytes ? Gzip(json) : null,
        };
    }

    /// <summary>The stored report's JSON, decompressed when needed.</summary>
    public static string ReportJson(DriftRunRecord record)
    {
        if (record.ReportJson is not null)
        {
            return record.ReportJson;
        }
        using var gzip = new GZipStream(new MemoryStream(record.ReportGzip ?? []), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The stored run as a <see cref="DriftRun"/> (for the report components and the export).</summary>
    public static DriftRun ToRun(DriftRunRecord record) =>
        new(DriftReportJson.Deserialize(ReportJson(record)), record.Subject, record.ReferenceLabel, record.ModelVersionId, record.AvailableRows,
            record.Capped, false, JsonSerializer.Deserialize<string[]>(record.NoticesJson) ?? [])
        {
            RunId = record.Id,
            Computation = record.Computation,
        };

    private static byte[] Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }
        return buffer.ToArray();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
