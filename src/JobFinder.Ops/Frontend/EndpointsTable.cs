using JobFinder.Ops.Model;

namespace JobFinder.Ops.Frontend;

/// <summary>The production endpoints as a markdown table in a docs file, between two marker comments so a
/// rerun replaces the table and nothing else. A file without the markers gets them, with the table, at
/// its end. The changes are one per function whose row is new, gone or different.</summary>
public static class EndpointsTable
{
    public const string StartMarker = "<!-- jobfinder:endpoints:start -->";
    public const string EndMarker = "<!-- jobfinder:endpoints:end -->";
    private const string Header = "| Function | Region | URL |\n| --- | --- | --- |";

    public static (string Text, IReadOnlyList<FrontendConfigChange> Changes) Apply(string text, string file, string projectId, IReadOnlyList<DeployedFunctionUrl> deployed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(deployed);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var rows = deployed.ToDictionary(f => Key(f.FunctionId, f.Region), f => f.Url ?? f.ServiceUri ?? "", StringComparer.Ordinal);
        var block = string.Join("\n",
            [StartMarker, $"Deployed in `{projectId}`.", "", Header, .. deployed.Select(f => $"| {f.FunctionId} | {f.Region} | {rows[Key(f.FunctionId, f.Region)]} |"), EndMarker]);
        var normalized = text.ReplaceLineEndings("\n");
        var start = normalized.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = start < 0 ? -1 : normalized.IndexOf(EndMarker, start, StringComparison.Ordinal);
        if (start >= 0 && end < 0)
        {
            throw new Errors.JobFinderException("EndpointsMarkerUnclosed", Errors.ErrorKind.InvalidData,
                $"{file} has {StartMarker} but no {EndMarker} after it. Add the end marker where the generated table should stop.", file);
        }

        var old = start < 0 ? new Dictionary<string, string>(StringComparer.Ordinal) : ReadRows(normalized[start..end]);
        var updated = start < 0
            ? normalized.TrimEnd('\n') + (normalized.Length == 0 ? "" : "\n\n") + block + "\n"
            : normalized[..start] + block + normalized[(end + EndMarker.Length)..];
        var changes = rows.Keys.Union(old.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(k => old.GetValueOrDefault(k) != rows.GetValueOrDefault(k))
            .Select(k => new FrontendConfigChange { File = file, Key = k, OldValue = old.GetValueOrDefault(k), NewValue = rows.GetValueOrDefault(k) })
            .ToArray();
        return (changes.Length == 0 && start >= 0 ? text : updated.Replace("\n", newline, StringComparison.Ordinal), changes);
    }

    private static string Key(string functionId, string region) => $"{functionId} ({region})";

    /// <summary>The rows a previous run wrote: <c>| id | region | url |</c>.</summary>
    private static Dictionary<string, string> ReadRows(string block)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in block.Split('\n').Skip(1))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (line.TrimStart().StartsWith('|') && cells.Length == 3 && cells[0] != "Function" && !cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                rows[Key(cells[0], cells[1])] = cells[2];
            }
        }

        return rows;
    }
}
