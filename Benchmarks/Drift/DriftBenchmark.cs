using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Drift;

namespace LeadScoring.Benchmarks.Drift;

/// <summary>
/// Drift engine timing: 47 columns shaped like the processed schema (10 continuous, 5 integer counts, 32 binary flags),
/// a 10,000-row reference and 1,000,000 / 100,000 current rows, data already in memory, reference precomputed.
/// Runs the Python peer (Benchmarks/python/drift_peer.py, Evidently's code path on scipy/pandas) on the same data
/// and prints both times, the ratio and the largest score difference.
/// Usage: drift [--rows 1000000] [--reference 10000] [--repeats 7] [--no-peer] [--python /usr/bin/python3]
/// </summary>
public static class DriftBenchmark
{
    private const int Continuous = 10;
    private const int Counts = 5;
    private const int Flags = 32;

    public static int Run(string[] args)
    {
        var rows = IntArg(args, "--rows", 1_000_000);
        var refRows = IntArg(args, "--reference", 10_000);
        var repeats = IntArg(args, "--repeats", 7);
        var python = StringArg(args, "--python", "/usr/bin/python3");
        var runPeer = !args.Contains("--no-peer");

        var (reference, current) = Generate(refRows, rows, seed: 42);
        var built = DriftReference.Build(reference);
        var small = Head(current, Math.Min(100_000, rows));
        Console.WriteLine($"drift benchmark: {current.Columns.Count} columns, reference {refRows:N0} rows, current {rows:N0} rows, {Environment.ProcessorCount} cores");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = PeakResident(reset: true);
        var (full, fullAlloc, report) = Time(built, current, repeats);
        var peakAbove = PeakResident(reset: false) - baseline;
        var (hundredK, _, _) = Time(built, small, repeats * 3);
        Console.WriteLine($"engine {rows:N0} rows: median {full * 1000:F1} ms, allocated {fullAlloc / 1048576.0:F1} MB per run; tested {report.TestedColumns}, drifted {report.DriftedColumns}");
        Console.WriteLine($"resident set: {baseline / 1048576.0:F0} MB with the data loaded, peak during the 1M runs +{peakAbove / 1048576.0:F1} MB above it");
        Console.WriteLine($"engine {small.RowCount:N0} rows: median {hundredK * 1000:F1} ms");
        Console.WriteLine("tests: " + string.Join(", ", report.Columns.GroupBy(c => c.Test).Select(g => $"{g.Key} x{g.Count()}")));

        if (args.Contains("--per-column"))
        {
            var totalCpu = 0.0;
            foreach (var col in current.Columns)
            {
                var one = new DriftDataset([col]);
                var r1 = built.Columns.First(c => c.Name == col.Name);
                var perColumn = new DriftOptions { MaxDegreeOfParallelism = 1 };
                var forced = StringArg(args, "--force-test", "");
                if (forced.Length > 0)
                {
                    perColumn.Columns[col.Name] = new ColumnDriftOverride { Test = Enum.Parse<DriftTest>(forced) };
                }
                DriftDetector.Run(built, one, perColumn);
                // CPU time, less sensitive than wall time to other processes on a shared machine.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var k = 0; k < 5; k++)
                {
                    DriftDetector.Run(built, one, perColumn);
                }
                var ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 5;
                totalCpu += ms;
                Console.WriteLine($"  {col.Name}: {ms:F1} ms CPU (reference distinct {r1.DistinctCount})");
            }
            Console.WriteLine($"  total single-thread CPU: {totalCpu:F0} ms");
        }
        if (!runPeer)
        {
            return 0;
        }
        var dir = Directory.CreateTempSubdirectory("drift-bench-").FullName;
        try
        {
            WritePeerData(dir, reference, current);
            var peer = RunPeer(python, dir);
            if (peer is null)
            {
                return 1;
            }
            var (peerSeconds, peerScores) = peer.Value;
            var maxDiff = 0.0;
            for (var i = 0; i < peerScores.Count; i++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(peerScores[i] - (report.Columns[i].Score ?? double.NaN)));
            }
            Console.WriteLine($"python peer (Evidently code path) {rows:N0} rows: {peerSeconds * 1000:F0} ms");
            Console.WriteLine($"ratio peer / engine: {peerSeconds / full:F1}x; largest score difference {maxDiff:E2}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static (double Median, long Allocated, DriftReport Report) Time(DriftReference reference, DriftDataset current, int repeats)
    {
        var report = DriftDetector.Run(reference, current); // warm-up (JIT, pools)
        var times = new List<double>();
        long allocated = 0;
        for (var i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            report = DriftDetector.Run(reference, current);
            sw.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return (times[times.Count / 2], allocated, report);
    }

    /// <summary>Reference and a current set with mild shifts in a few columns (so some columns drift).</summary>
    private static (DriftDataset Reference, DriftDataset Current) Generate(int refRows, int rows, ulong seed)
    {
        var refCols = new List<DriftColumn>();
        var curCols = new List<DriftColumn>();
        var rng = new XorShift(seed);
        for (var c = 0; c < Continuous + Counts + Flags; c++)
        {
            var shift = c % 6 == 0 ? 0.08 : 0.0;
            if (c < Continuous)
            {
                refCols.Add(new NumericDriftColumn($"num{c}", Fill(refRows, () => Continuous1(rng, c, 0)), false));
                curCols.Add(new NumericDriftColumn($"num{c}", Fill(rows, () => Continuous1(rng, c, shift)), false));
            }
            else if (c < Continuous + Counts)
            {
                refCols.Add(new NumericDriftColumn($"count{c}", Fill(refRows, () => Math.Floor(40 * rng.NextDouble() * rng.NextDouble())), true));
                curCols.Add(new NumericDriftColumn($"count{c}", Fill(rows, () => Math.Floor(40 * Math.Min(1, rng.NextDouble() + shift) * rng.NextDouble())), true));
            }
            else
            {
                var p = 0.1 + 0.6 * (c % 7) / 7.0;
                refCols.Add(new NumericDriftColumn($"flag{c}", Fill(refRows, () => rng.NextDouble() < p ? 1 : 0), true));
                curCols.Add(new NumericDriftColumn($"flag{c}", Fill(rows, () => rng.NextDouble() < p + shift ? 1 : 0), true));
            }
        }
        return (new DriftDataset(refCols), new DriftDataset(curCols));
    }

    private static double Continuous1(XorShift rng, int c, double shift)
    {
        var u = rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5 + shift;
        // Half of the continuous columns are skewed (exp), like counts of words or company ages.
        return c % 2 == 0 ? Math.Round(u * 10, 3) : Math.Exp(u);
    }

    private static double[] Fill(int n, Func<double> next)
    {
        var a = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = next();
        }
        return a;
    }

    private static DriftDataset Head(DriftDataset data, int rows)
        => new(data.Columns.Select(c => (DriftColumn)new NumericDriftColumn(c.Name, ((NumericDriftColumn)c).Values[..rows], ((NumericDriftColumn)c).IsInteger)).ToList());

    private static void WritePeerData(string dir, DriftDataset reference, DriftDataset current)
    {
        void Write(string file, DriftDataset ds)
        {
            using var stream = File.Create(Path.Combine(dir, file));
            foreach (NumericDriftColumn c in ds.Columns)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Values.AsSpan()));
            }
        }
        Write("ref.f64", reference);
        Write("cur.f64", current);
        var meta = new
        {
            referenceRows = reference.RowCount,
            currentRows = current.RowCount,
            columns = reference.Columns.Select(c => new { name = c.Name, integer = ((NumericDriftColumn)c).IsInteger }),
        };
        File.WriteAllText(Path.Combine(dir, "meta.json"), JsonSerializer.Serialize(meta));
    }

    private static (double Seconds, List<double> Scores)? RunPeer(string python, string dir)
    {
        var script = Path.Combine(RepositoryPaths.Root(), "Benchmarks", "python", "drift_peer.py");
        var psi = new ProcessStartInfo(python, [script, "bench", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"python peer failed ({process.ExitCode}): {stderr}");
            return null;
        }
        using var json = JsonDocument.Parse(stdout);
        var seconds = json.RootElement.GetProperty("seconds").GetDouble();
        var scores = json.RootElement.GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()).ToList();
        return (seconds, scores);
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string StringArg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>Linux peak resident set (VmHWM), resettable by writing 5 to /proc/self/clear_refs; 0 elsewhere.</summary>
    private static long PeakResident(bool reset)
    {
        try
        {
            if (reset)
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return 0;
        }
    }

    private sealed class XorShift(ulong seed)
    {
        private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

        public double NextDouble()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (_state >> 11) / 9007199254740992.0;
        }
    }
}
