using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>The dashboard with drift runs that do not wait for the slot at all, so "busy" is reachable in a test.</summary>
public sealed class NoDriftWaitAppFactory : DashboardAppFactory
{
    public NoDriftWaitAppFactory()
    {
        Settings["DriftService:MaxWaitSeconds"] = "0";
    }
}

[Trait("Store", "both")]
public sealed class DriftContractTests(NoDriftWaitAppFactory app) : IClassFixture<NoDriftWaitAppFactory>
{
    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"current\"; filename=\"a.csv\"\r\n\r\nllm_quality\n80\n")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"current\"; filename=\"a.csv\"\r\n\r\nllm_quality\n80\n")]
    [InlineData("multipart/form-data; boundary=x", "not a multipart body at all")]
    public async Task PostDrift_MalformedMultipart_Is400Json(string contentType, string body)
    {
        var client = await SignIn.ClientAsync(app);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.PostAsync("/api/drift", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_request", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PostDrift_WhileAnotherRunHoldsTheSlotPastTheWait_Is503WithRetryAfter()
    {
        var client = await SignIn.ClientAsync(app);
        using var held = new HeldStream();
        var running = app.Services.GetRequiredService<DriftService>().ForUploadAsync(held);
        await held.Reading.WaitAsync(TimeSpan.FromSeconds(30)); // the first run is inside the slot, reading its file
        try
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Engine.Tests.Infrastructure.TestPaths.DataDirectory, "scenarios", "no_drift_baseline.csv")));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "current", "current.csv");

            var response = await client.PostAsync("/api/drift", form);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("DriftService:MaxWaitSeconds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            held.Release();
            await Assert.ThrowsAsync<DriftServiceException>(() => running); // an empty file, once released
        }
    }

    /// <summary>A file that arrives only when released: holds a drift run inside its slot for as long as the test needs.</summary>
    private sealed class HeldStream : Stream
    {
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _released = new();

        public Task Reading => _reading.Task;

        public void Release() => _released.Set();

        public override int Read(byte[] buffer, int offset, int count)
        {
            _reading.TrySetResult();
            _released.Wait(TimeSpan.FromSeconds(60));
            return 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _released.Set();
            _released.Dispose();
            base.Dispose(disposing);
        }
    }
}
