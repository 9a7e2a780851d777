namespace LeadScoring.Engine.Ingestion;

/// <summary>File names as uploaded are shown to users and stored: keep the name part only.</summary>
public static class UploadFileName
{
    /// <summary>The name part only, without control characters, at most 200 characters; "upload.csv" when nothing is left.</summary>
    public static string Sanitize(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length > 200)
        {
            name = name[..200];
        }
        return name.Length == 0 ? "upload.csv" : name;
    }
}
