using LeadScoring.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Creates the roles and, on a store with no admin, the first admin. Its password comes from configuration or is
/// generated and logged once (and must be changed at the first sign-in); there is no default password and no self sign-up.
/// </summary>
internal sealed class IdentitySeeder(IServiceScopeFactory scopeFactory, IOptions<SecurityOptions> options, ILogger<IdentitySeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }
        var settings = options.Value;
        var generated = string.IsNullOrEmpty(settings.InitialAdminPassword);
        var password = generated ? OneTimePassword.Generate() : settings.InitialAdminPassword!;
        var admin = new IdentityUser(settings.InitialAdminUser);
        EnsureSucceeded(await users.CreateAsync(admin, password), $"create the initial admin '{settings.InitialAdminUser}'");
        EnsureSucceeded(await users.AddToRoleAsync(admin, Roles.Admin), "grant the Admin role");
        if (generated)
        {
            // Written to a log, so known to whoever reads it: the admin must choose their own at first sign-in.
            EnsureSucceeded(await PasswordChange.RequireAsync(users, admin), "mark the generated password for change");
            // Shown once: the store keeps only the hash.
            logger.LogWarning("Created admin user '{User}' with generated password: {Password}  (shown once; only its hash is stored; change it at the first sign-in)",
                settings.InitialAdminUser, password);
        }
        else
        {
            logger.LogInformation("Created admin user '{User}' with the configured initial password", settings.InitialAdminUser);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
