namespace LeadScoring.Dashboard.Security;

/// <summary>
/// The two roles: viewers watch and upload batches and outcomes (the ops team does); admins also retrain, promote,
/// roll back, delete batches and manage users and keys.
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Viewer];
}

/// <summary>Authorization policy names used on pages, components and endpoints.</summary>
public static class Policies
{
    /// <summary>Admin actions. Every admin command also re-checks the role in the store (<see cref="AdminGuard"/>).</summary>
    public const string Admin = "admin";
}
