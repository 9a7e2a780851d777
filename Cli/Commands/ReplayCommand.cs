using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring replay --input leads.csv --url URL --rate N [--batch M] [--duration S] [--api-key K]</c>: sends the
/// leads of a raw CSV to a running service's /predict (or /predict/batch) at a fixed request rate, for load checks and
/// for watching the dashboard, traces and alerts move. Progress on stderr, summary on stdout.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Requests in flight at most: a stalled server slows the replay down instead of exhausting sockets.</summary>
    public const int MaxInFlight = 256;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "Raw leads CSV (the upload format).", Required = true };
        var url = new Option<string>("--url") { Description = "The service's base URL, e.g. http://localhost:5000.", Required = true };
        var rate = new Option<double>("--rate") { Description = "Requests per second (each a lead, or a batch with --batch).", Required = true };
        var batch = new Option<int>("--batch") { Description = "Leads per request via /predict/batch (0: one lead per /predict).", DefaultValueFactory = _ => 0 };
        var duration = new Option<double?>("--duration") { Description = "Seconds to run, cycling the file; without it every lead is sent once." };
        var apiKey = new Option<string?>("--api-key") { Description = "Sent as X-API-Key (when Prediction:RequireApiKey is on)." };
        var command = new Command("replay", "Send a CSV's leads to /predict (or /predict/batch) at a fixed rate; print sent, 2xx/4xx/5xx and latency p50/p95/p99.")
        {
            input, url, rate, batch, duration, apiKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync("replay: --url must be an absolute http or https URL, e.g. http://localhost:5000.");
                return 2;
            }
            var settings = new ReplaySettings(baseUrl, parse.GetValue(rate), parse.GetValue(batch), parse.GetValue(duration), parse.GetValue(apiKey));
            if (settings.Problem() is { } problem)
            {
                await error.WriteLineAsync($"replay: {problem}");
                return 2;
            }
            var leads = LeadCsvReader.ReadFile(parse.GetValue(input)!.FullName);
            if (!leads.Succeeded || leads.RawRows.Count == 0)
            {
                var first = leads.Errors.FirstOrDefault();
                await error.WriteLineAsync($"replay: {parse.GetValue(input)!.Name} has no usable leads{(first is null ? "" : $" ({first})")}.");
                return 2;
            }
            using var http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(30) };
            var summary = await RunAsync(http, settings, leads.RawRows, error, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(summary.Describe());
            return 0;
        });
        return command;
    }

    /// <summary>Sends the requests on schedule (open loop: request i starts at i / rate seconds) and collects the outcome.</summary>
    public static async Task<ReplaySummary> RunAsync(HttpClient http, ReplaySettings settings, IReadOnlyList<RawLead> leads, TextWriter progress,
        CancellationToken cancellationToken = default)
    {
        var bodies = Bodies(leads, settings.Batch);
        var total = settings.DurationSeconds is { } seconds ? (long)Math.Floor(seconds * settings.Rate) : bodies.Count;
        var path = settings.Batch > 0 ? "/predict/batch" : "/predict";
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var gate = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task>();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / settings.Rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
            await gate.WaitAsync(cancellationToken);
            var body = bodies[(int)(i % bodies.Count)];
            tasks.Add(SendAsync(http, path, body, settings.ApiKey, latencies, statuses, gate, cancellationToken));
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
            {
                lastReport = clock.Elapsed;
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"replay: {i + 1}/{total} sent, {clock.Elapsed.TotalSeconds:F0} s"));
            }
        }
        await Task.WhenAll(tasks);
        return new ReplaySummary(tasks.Count, statuses.ToDictionary(), [.. latencies.Order()], clock.Elapsed);
    }

    private static async Task SendAsync(HttpClient http, string path, string body, string? apiKey, ConcurrentBag<double> latencies,
        ConcurrentDictionary<int, int> statuses, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (!string.IsNullOrEmpty(apiKey))
            {
                request.Headers.Add("X-API-Key", apiKey);
            }
            var started = Stopwatch.GetTimestamp();
            int status;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0; // no answer at all: counted apart from 4xx and 5xx
            }
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
        finally
        {
            gate.Release();
        }
    }

    private static List<string> Bodies(IReadOnlyList<RawLead> leads, int batch)
    {
        var json = leads.Select(l => JsonSerializer.Serialize(l, RawLeadJson.Options)).ToList();
        return batch <= 0 ? json : [.. json.Chunk(batch).Select(group => "{\"leads\":[" + string.Join(",", group) + "]}")];
    }
}

/// <summary>What to replay, and how fast.</summary>
public sealed record ReplaySettings(Uri Url, double Rate, int Batch, double? DurationSeconds, string? ApiKey)
{
    /// <summary>The largest batch the service accepts (/predict/batch).</summary>
    public const int MaxBatch = 10_000;

    /// <summary>Why the settings cannot run, naming the option; null when they can.</summary>
    public string? Problem() =>
        Rate <= 0 || double.IsNaN(Rate) ? "--rate must be above 0 (requests per second)."
        : Batch is < 0 or > MaxBatch ? $"--batch must be between 0 and {MaxBatch} (the service's batch limit)."
        : DurationSeconds is <= 0 ? "--duration must be above 0 seconds."
        : null;
}

/// <summary>The outcome of a replay: requests sent, answers by status code, latencies in ms (sorted).</summary>
public sealed record ReplaySummary(int Sent, IReadOnlyDictionary<int, int> Statuses, IReadOnlyList<double> LatenciesMs, TimeSpan Elapsed)
{
    public int Count(int hundreds) => Statuses.Where(s => s.Key / 100 == hundreds).Sum(s => s.Value);

    public double Percentile(double p) =>
        LatenciesMs.Count == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(p * LatenciesMs.Count) - 1, 0, LatenciesMs.Count - 1)];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sent {Sent} in {Elapsed.TotalSeconds:F1} s: 2xx {Count(2)}, 4xx {Count(4)}, 5xx {Count(5)}, no answer {Statuses.GetValueOrDefault(0)}; " +
        $"latency ms p50 {Percentile(0.50):F1}, p95 {Percentile(0.95):F1}, p99 {Percentile(0.99):F1}");
}
