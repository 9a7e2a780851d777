using LeadScoring.Dashboard.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddDashboard();

var app = builder.Build();

app.UseDashboard();
app.MapDashboardEndpoints();

app.Run();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
