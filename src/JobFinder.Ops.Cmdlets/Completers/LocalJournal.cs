using System.Text.Json;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>The repository's local deployment journal (<c>.jobfinder/deployments/&lt;id&gt;.json</c>,
/// docs/design/journal.md) as the completers read it: files only, newest first (ids begin with their
/// UTC start time), a few records so a key press stays cheap, and never an exception (a completer
/// must not throw at the user: a damaged record means fewer suggestions).</summary>
internal static class LocalJournal
{
    public static IReadOnlyList<JsonElement> NewestRecords(string repository, int count)
    {
        var records = new List<JsonElement>();
        try
        {
            var folder = Path.Combine(repository, ".jobfinder", "deployments");
            if (!Directory.Exists(folder))
            {
                return records;
            }

            foreach (var file in new DirectoryInfo(folder).GetFiles("*.json").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(count))
            {
                try
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        records.Add(document.RootElement.Clone());
                    }
                }
                catch (Exception)
                {
                    // A record being written or damaged: skip it, keep the others.
                }
            }
        }
        catch (Exception)
        {
            // An unreadable folder: no suggestions.
        }

        return records;
    }

    /// <summary>A string property of a record, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The elements of an array property of a record (none when absent).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
