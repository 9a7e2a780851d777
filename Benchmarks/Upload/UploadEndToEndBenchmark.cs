using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LeadScoring.Benchmarks.Ingestion;
using LeadScoring.Engine.DemoData;
using Microsoft.Playwright;

namespace LeadScoring.Benchmarks.Upload;

/// <summary>
/// The Upload page end to end in Debian's Chromium against a running dashboard, beside two floors measured in the same
/// run on the same file: reading the file from disk, and <c>sqlite3 .import</c> of it into a fresh database. The file is
/// the five demo scenarios cycled (<see cref="LargeUpload"/>; `leadscoring make-upload` writes the same). For each run:
/// choose → result panel in the browser, the server's busy time per stage (from the POST's answer), and the server's
/// peak resident memory above its idle level before the first upload (from /metrics, sampled every 200 ms). Also the same file through POST /api/batches with
/// HttpClient (API key). Start the app first, e.g.
///   Security__InitialAdminPassword='bench-password-123' Security__BootstrapApiKey='bench-key-0123456789abcdefgh' \
///   dotnet run -c Release --project Dashboard --urls http://127.0.0.1:5090
/// Usage: upload-e2e [--url http://127.0.0.1:5090] [--user admin] [--password bench-password-123]
///                   [--api-key bench-key-0123456789abcdefgh] [--rows 100000] [--repeats 3] [--data data]
/// </summary>
public static class UploadEndToEndBenchmark
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var url = Args.String(args, "--url", "http://127.0.0.1:5090").TrimEnd('/');
        var user = Args.String(args, "--user", "admin");
        var password = Args.String(args, "--password", "bench-password-123");
        var apiKey = Args.String(args, "--api-key", "bench-key-0123456789abcdefgh");
        var rows = Args.Int(args, "--rows", 100_000);
        var repeats = Args.Int(args, "--repeats", 3);
        var csv = Path.Combine(Path.GetTempPath(), $"upload-e2e-{rows}.csv");
        LargeUpload.Write(Args.String(args, "--data", "data"), rows, csv);
        var megabytes = new FileInfo(csv).Length / 1048576.0;
        Console.WriteLine($"upload end to end: {rows:N0} raw leads (demo scenarios cycled), {megabytes:F1} MB, {url}, {Environment.ProcessorCount} cores");

        var floors = new List<(string Name, double Seconds)>
        {
            ("raw read of the file (1 MB buffers)", Median(repeats, () => RawRead(csv))),
            ("sqlite3 .import of the file (fresh database)", Median(repeats, () => SqliteImport(csv))),
        };

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
        var apiTimes = new List<double>();
        // Idle = the server before any upload: later idles include what earlier uploads left behind.
        var startIdle = await ResidentMegabytesAsync(http);
        using var apiSampling = new CancellationTokenSource();
        var apiPeak = SamplePeakAsync(http, apiSampling.Token);
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using var form = new MultipartFormDataContent();
            var file = new StreamContent(File.OpenRead(csv), 1 << 20);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", Path.GetFileName(csv));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/batches") { Content = form };
            request.Headers.Add("X-API-Key", apiKey);
            using var response = await http.SendAsync(request);
            apiTimes.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"api run {i + 1}: HTTP {(int)response.StatusCode} in {clock.Elapsed.TotalSeconds:F2} s");
        }
        await apiSampling.CancelAsync();
        var apiPeakMb = await apiPeak - startIdle;
        Console.WriteLine($"api runs: server peak +{apiPeakMb:F0} MB resident above idle at start ({startIdle:F0} MB)");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(url + "/Account/Login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal));

        var runs = new List<(double Seconds, JsonElement? Timings, double PeakMb)>();
        for (var i = 0; i < repeats; i++)
        {
            await page.GotoAsync(url + "/upload");
            await page.Locator("input[type=file][data-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            var idle = await ResidentMegabytesAsync(http);
            using var sampling = new CancellationTokenSource();
            var peak = SamplePeakAsync(http, sampling.Token);
            var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/batches", StringComparison.Ordinal) && r.Request.Method == "POST",
                new() { Timeout = 600_000 });
            var clock = Stopwatch.StartNew();
            await page.Locator("input[type=file]").SetInputFilesAsync(csv);
            await page.GetByTestId("upload-status").Filter(new() { HasText = "Stored" }).WaitForAsync(new() { Timeout = 600_000 });
            var seconds = clock.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            var body = await (await answer).JsonAsync();
            var timings = body is { } b && b.TryGetProperty("timings", out var t) ? t : (JsonElement?)null;
            var peakMb = await peak - startIdle;
            runs.Add((seconds, timings, peakMb));
            Console.WriteLine($"browser run {i + 1}: choose → result {seconds:F2} s; server peak +{peakMb:F0} MB resident above idle at start ({startIdle:F0} MB; {idle:F0} MB before this run)");
        }

        Console.WriteLine();
        Console.WriteLine($"| {rows:N0} rows, {megabytes:F1} MB | seconds |");
        Console.WriteLine("|---|---:|");
        foreach (var (name, seconds) in floors)
        {
            Console.WriteLine($"| floor: {name} | {seconds:F2} |");
        }
        Console.WriteLine($"| POST /api/batches with HttpClient, median of {repeats} | {Median(apiTimes):F2} |");
        var ordered = runs.OrderBy(r => r.Seconds).ToList();
        var median = ordered[ordered.Count / 2];
        Console.WriteLine($"| **Chromium, choose → result panel, median of {repeats}** (min {ordered[0].Seconds:F2}, max {ordered[^1].Seconds:F2}) | **{median.Seconds:F2}** |");
        if (median.Timings is { } stages)
        {
            foreach (var (key, label) in new[] { ("receive_s", "receive (waiting for bytes)"), ("parse_s", "parse + validate"), ("features_s", "features"),
                         ("score_s", "score (ONNX Runtime)"), ("store_s", "store (write rows)"), ("drift_s", "drift"), ("commit_s", "commit"), ("total_s", "server total") })
            {
                Console.WriteLine($"| stage busy time, that run: {label} | {stages.GetProperty(key).GetDouble():F2} |");
            }
        }
        Console.WriteLine($"| server peak resident memory above idle at start, API runs | {apiPeakMb:F0} MB |");
        Console.WriteLine($"| server peak resident memory above idle at start, browser runs (max) | {runs.Max(r => r.PeakMb):F0} MB |");
        return 0;
    }

    private static double RawRead(string path)
    {
        var clock = Stopwatch.StartNew();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        while (stream.Read(buffer) > 0)
        {
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static double SqliteImport(string path)
    {
        var db = Path.Combine(Path.GetTempPath(), $"upload-floor-{Guid.NewGuid():N}.db");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("sqlite3", [db, ".mode csv", $".import {path} leads"]) { RedirectStandardError = true })!;
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(db);
        return process.ExitCode == 0 ? seconds : double.NaN;
    }

    // The server's resident set from its /metrics (the .NET runtime meter's working set).
    private static async Task<double> ResidentMegabytesAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_process_memory_working_set_bytes", StringComparison.Ordinal) && line.Split(' ') is { Length: >= 2 } parts)
            {
                return double.Parse(parts[1], CultureInfo.InvariantCulture) / 1048576.0;
            }
        }
        return double.NaN;
    }

    private static async Task<double> SamplePeakAsync(HttpClient http, CancellationToken stop)
    {
        var peak = 0.0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, await ResidentMegabytesAsync(http));
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return Math.Max(peak, await ResidentMegabytesAsync(http));
    }

    private static double Median(int repeats, Func<double> run) => Median([.. Enumerable.Range(0, repeats).Select(_ => run())]);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
