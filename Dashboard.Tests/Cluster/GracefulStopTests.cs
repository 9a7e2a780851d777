using System.Net;
using System.Text;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LeadScoring.Dashboard.Tests.Cluster;

/// <summary>Stopping an instance under load (SIGTERM → StopAsync) loses no prediction it acknowledged.</summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task GracefulStopUnderLoad_StoresEveryAcknowledgedPrediction()
    {
        var directory = Path.Combine(Path.GetTempPath(), "leadscoring-tests", "drain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "drain.db");
        var app = new DashboardAppFactory();
        app.Settings["Storage:ConnectionString"] = $"Data Source={database}";
        app.UseRealServer();
        using var client = new HttpClient { BaseAddress = app.CreateClient().BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var acknowledged = 0;
        using var stopAfter = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        async Task SendUntilRefusedAsync()
        {
            while (!stopAfter.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.PostAsync("/predict", new StringContent("{}", Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the server stopped listening
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        }
        var senders = Enumerable.Range(0, 16).Select(_ => Task.Run(SendUntilRefusedAsync)).ToList();
        await Task.Delay(1_500);

        app.Dispose(); // the host's graceful stop, as on SIGTERM: stop accepting, finish in-flight requests, flush the queue
        await Task.WhenAll(senders);
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var count = new SqliteCommand("SELECT COUNT(*) FROM predictions WHERE BatchId IS NULL", connection);
        var stored = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(acknowledged > 100, $"only {acknowledged} predictions were sent before the stop");
        Assert.Equal(acknowledged, stored);
        await connection.CloseAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
