using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LeadScoring.Dashboard.Api;

namespace LeadScoring.Dashboard.Tests.Reliability;

/// <summary>Every corpus file through the one ingestion service (and some through HTTP) against manifest.json.</summary>
public sealed class BadInputCorpusTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    [Fact]
    public void Manifest_CoversAtLeastFiftyFilesThatExist()
    {
        var entries = BadInputCorpus.Entries.ToList();

        Assert.True(entries.Count >= 50, $"{entries.Count} cases");
        Assert.All(entries.Where(e => BadInputCorpus.Optional(e, "generated") is null),
            e => Assert.True(File.Exists(Path.Combine(BadInputCorpus.Directory, "files", e.GetProperty("file").GetString()!)), e.GetProperty("file").GetString()));
    }

    [Theory]
    [MemberData(nameof(BadInputCorpus.CsvFiles), MemberType = typeof(BadInputCorpus))]
    public async Task Ingest_CorpusFile_MatchesManifest(string file)
    {
        var entry = BadInputCorpus.Entry(file);
        var ingestion = factory.Services.GetRequiredService<BatchIngestionService>();

        var result = await ingestion.IngestAsync(new MemoryStream(BadInputCorpus.Bytes(file)), BadInputCorpus.Optional(entry, "upload_name") ?? file, "corpus",
            allowMissingColumns: BadInputCorpus.AllowsMissingColumns(entry));

        var accepted = entry.GetProperty("outcome").GetString() == "accepted";
        Assert.True(accepted ? result.Status == BatchStatus.Completed : result.Status == BatchStatus.Rejected,
            $"{file}: {result.Status} {result.Message} {string.Join(" | ", result.Validation.Errors)}");
        var errors = result.Validation.Errors.Select(e => (e.Row, e.Column)).ToHashSet();
        foreach (var expected in BadInputCorpus.Issues(entry, "errors"))
        {
            Assert.True(errors.Contains(expected), $"{file}: expected error at {expected}; got {string.Join(" | ", result.Validation.Errors)}");
        }
        if (entry.TryGetProperty("error_count", out var errorCount))
        {
            Assert.Equal(errorCount.GetInt32(), result.Validation.ErrorCount);
        }
        var warnings = result.Validation.Warnings.Select(w => (w.Row, w.Column)).ToHashSet();
        foreach (var expected in BadInputCorpus.Issues(entry, "warnings"))
        {
            Assert.True(warnings.Contains(expected), $"{file}: expected warning at {expected}; got {string.Join(" | ", result.Validation.Warnings)}");
        }
        if (entry.TryGetProperty("rows", out var rows))
        {
            Assert.Equal(rows.GetInt32(), result.Validation.Rows);
        }
        var texts = result.Validation.Errors.Concat(result.Validation.Warnings).Select(i => i.ToString()).Append(result.Message ?? "").ToList();
        if (BadInputCorpus.Optional(entry, "message") is { } message)
        {
            Assert.Contains(texts, t => t.Contains(message, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(texts, BadInputCorpus.LooksLikeExceptionText);

        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == result.BatchId);
        var stored = await db.Predictions.CountAsync(p => p.BatchId == result.BatchId);
        Assert.Equal(accepted ? result.Validation.Rows : 0, stored);
        Assert.Equal(stored, batch.StoredRows);
        if (BadInputCorpus.Optional(entry, "stored_name") is { } storedName)
        {
            Assert.Equal(storedName, batch.FileName);
        }
        if (accepted && result.Validation.WarningCount > 0)
        {
            Assert.Contains("warning", batch.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_FormulaCells_AreNeutralisedForSpreadsheets()
    {
        var cells = BadInputCorpus.Entry("formula_strings.csv").GetProperty("formula_cells").EnumerateArray().Select(c => c.GetString()!).ToList();
        var parse = LeadCsvReader.Read(new MemoryStream(BadInputCorpus.Bytes("formula_strings.csv")));
        var text = new StringWriter();
        using (var csv = new SafeCsvWriter(text, leaveOpen: true))
        {
            foreach (var lead in parse.RawRows)
            {
                csv.WriteRow([lead.JobTitle ?? "", lead.Summary ?? "", lead.Skills ?? ""]);
            }
        }

        var exported = LeadCsvReader.Read(new StringReader("jobtitle,summary,skills\n" + text), new CsvReadOptions { AllowMissingColumns = true });
        var exportedCells = exported.RawRows.SelectMany(l => new[] { l.JobTitle, l.Summary, l.Skills }).ToList();
        foreach (var cell in cells)
        {
            Assert.Contains("'" + cell, exportedCells);
            Assert.DoesNotContain(cell, exportedCells);
        }
    }

    [Theory]
    [InlineData("wrong_type_integer.csv", HttpStatusCode.UnprocessableEntity)]
    [InlineData("xlsx_renamed.csv", HttpStatusCode.UnprocessableEntity)]
    [InlineData("empty.csv", HttpStatusCode.UnprocessableEntity)]
    [InlineData("multi_megabyte_line.csv", HttpStatusCode.UnprocessableEntity)]
    [InlineData("ragged_short_row.csv", HttpStatusCode.UnprocessableEntity)]
    [InlineData("utf16le_bom.csv", HttpStatusCode.Created)]
    [InlineData("html_script_text.csv", HttpStatusCode.Created)]
    [InlineData("malicious_file_name.csv", HttpStatusCode.Created)]
    public async Task UploadApi_CorpusFile_AnswersWithRowsAndColumnsNever500(string file, HttpStatusCode status)
    {
        var entry = BadInputCorpus.Entry(file);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(BadInputCorpus.Bytes(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        // HTTP headers cannot carry NUL: the name is sent as raw header text without it (the path and markup stay).
        var uploadName = (BadInputCorpus.Optional(entry, "upload_name") ?? file).Replace("\0", "", StringComparison.Ordinal);
        content.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{uploadName}\"");
        form.Add(content);

        var response = await client.PostAsync(BadInputCorpus.AllowsMissingColumns(entry) ? "/api/batches?allowMissingColumns=true" : "/api/batches", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.False(BadInputCorpus.LooksLikeExceptionText(body), body);
        using var json = JsonDocument.Parse(body);
        var reported = json.RootElement.GetProperty("validation").GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").ValueKind == JsonValueKind.Null ? null : e.GetProperty("column").GetString()))
            .ToHashSet();
        Assert.All(BadInputCorpus.Issues(entry, "errors"), expected => Assert.Contains(expected, reported));
        if (BadInputCorpus.Optional(entry, "stored_name") is { } storedName)
        {
            Assert.Equal(storedName, json.RootElement.GetProperty("file_name").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(BadInputCorpus.JsonFiles), MemberType = typeof(BadInputCorpus))]
    public async Task PredictionApi_CorpusBody_AnswersTheManifestStatus(string file)
    {
        var entry = BadInputCorpus.Entry(file);
        var content = new ByteArrayContent(BadInputCorpus.Bytes(file));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(entry.GetProperty("content_type").GetString()!);

        var response = await factory.CreateClient().PostAsync(entry.GetProperty("api").GetString(), content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(entry.GetProperty("status").GetInt32(), (int)response.StatusCode);
        Assert.False(BadInputCorpus.LooksLikeExceptionText(body), body);
    }
}
