using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>A client signed in through the real sign-in form (antiforgery token included), keeping its cookies.</summary>
public static partial class SignIn
{
    public static async Task<HttpClient> ClientAsync(DashboardAppFactory app, string user = DashboardAppFactory.AdminUser,
        string password = DashboardAppFactory.AdminPassword)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/Account/Login");
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, "antiforgery token on the sign-in form");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        });
        var response = await client.PostAsync("/Account/Login", form);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"sign-in answered {(int)response.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
