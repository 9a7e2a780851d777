using System.CommandLine;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Observability;

/// <summary><c>leadscoring replay</c> against the real app listening on a loopback port.</summary>
public sealed class ReplayCommandTests(RealServerAppFactory app) : IClassFixture<RealServerAppFactory>
{
    private static readonly string s_leads = Path.Combine(TestPaths.DataDirectory, "scenarios", "no_drift_baseline.csv");
    private readonly string _url = app.Url;

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Cli.Program.BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Replay_SingleLeadsForADuration_SendsAtTheRateAndSummarises()
    {
        var (exit, output, error) = await RunAsync("replay", "--input", s_leads, "--url", _url, "--rate", "100", "--duration", "2");

        Assert.True(exit == 0, error);
        Assert.Contains("sent 200 ", output);
        Assert.Contains("2xx 200, 4xx 0, 5xx 0, no answer 0", output);
        Assert.Matches(@"latency ms p50 \d+\.\d, p95 \d+\.\d, p99 \d+\.\d", output);
        Assert.Contains("replay: ", error); // progress on stderr, not in the summary
        var seconds = double.Parse(System.Text.RegularExpressions.Regex.Match(output, @"in (\d+\.\d) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1.9, 10); // the schedule holds it to the rate: 200 requests at 100/s take ~2 s
    }

    [Fact]
    public async Task Replay_Batches_SendsTheFileOnceThroughPredictBatch()
    {
        var (exit, output, _) = await RunAsync("replay", "--input", s_leads, "--url", _url, "--rate", "50", "--batch", "100");

        Assert.Equal(0, exit);
        Assert.Contains("sent 10 ", output); // 1,000 leads in batches of 100
        Assert.Contains("2xx 10,", output);
    }

    [Fact]
    public async Task Replay_RequiredKeyMissing_Counts4xx()
    {
        using var app = new DashboardAppFactory();
        app.Settings["Prediction:RequireApiKey"] = "true";
        app.UseRealServer();
        app.CreateClient().Dispose();

        var (exit, output, _) = await RunAsync("replay", "--input", s_leads, "--url", app.ClientOptions.BaseAddress.ToString(), "--rate", "200", "--duration", "0.1");

        Assert.Equal(0, exit);
        Assert.Contains("2xx 0, 4xx 20,", output);
    }

    [Theory]
    [InlineData("--rate", "0", "--rate must be above 0")]
    [InlineData("--batch", "20000", "--batch must be between 0 and 10000")]
    [InlineData("--url", "localhost", "--url must be an absolute http or https URL")]
    public async Task Replay_BadOption_ExitsTwoNamingIt(string option, string value, string message)
    {
        var options = new Dictionary<string, string> { ["--input"] = s_leads, ["--url"] = _url, ["--rate"] = "10", [option] = value };

        var (exit, _, error) = await RunAsync(["replay", .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        Assert.True(exit == 2, error);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Replay_Help_ListsEveryOption()
    {
        var (_, output, _) = await RunAsync("replay", "--help");

        foreach (var option in new[] { "--input", "--url", "--rate", "--batch", "--duration", "--api-key" })
        {
            Assert.Contains(option, output);
        }
        Assert.Contains("p50/p95/p99", output);
    }
}

/// <summary>The app on Kestrel at a loopback port, for clients outside the test server (the CLI's own HttpClient).</summary>
public sealed class RealServerAppFactory : DashboardAppFactory
{
    public RealServerAppFactory()
    {
        UseRealServer();
        CreateClient().Dispose(); // starts Kestrel
        Url = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public string Url { get; }
}
