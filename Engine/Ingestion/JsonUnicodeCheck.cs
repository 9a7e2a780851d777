using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Finds the first name or string in a JSON document that is not valid Unicode: bytes that are not UTF-8 (a
/// Windows-1252 "é") or an escaped lone surrogate ("\ud800"). The parser accepts both and only reading the text would
/// throw, so this runs once before validation and names the field instead.
/// </summary>
public static class JsonUnicodeCheck
{
    /// <summary>The error for the first invalid name or string under <paramref name="element"/>, or null when all are valid.</summary>
    public static ApiFieldError? FirstInvalid(JsonElement element, IReadOnlyList<object> path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValidText(JsonMarshal.GetRawUtf8Value(element), element.GetString) ? null : Invalid(path, "The text");
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsValidText(JsonMarshal.GetRawUtf8PropertyName(property), () => property.Name))
                    {
                        return Invalid(path, "A field name");
                    }
                    if (FirstInvalid(property.Value, [.. path, property.Name]) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstInvalid(item, [.. path, index++]) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    // Vectorised byte check; only text with escapes is decoded (to catch lone surrogates).
    private static bool IsValidText(ReadOnlySpan<byte> raw, Func<string?> decode)
    {
        if (!Utf8.IsValid(raw))
        {
            return false;
        }
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return true;
        }
        try
        {
            decode();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static ApiFieldError Invalid(IReadOnlyList<object> path, string what) =>
        new(path, $"{what} is not valid Unicode (bytes that are not UTF-8, or an escaped lone surrogate such as \\ud800); send UTF-8 text.",
            "string_unicode");
}
