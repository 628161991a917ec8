using System.Text;
using System.Text.Json;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>One <see cref="SmokeReport"/> as one line of JSON (camelCase, nulls omitted), appended to a
/// log: what a scheduled run leaves behind for <c>Get-Content log | ConvertFrom-Json</c>, jq or a log
/// shipper. Appends are a single write of a whole line, so two overlapping runs do not interleave.</summary>
public static class SmokeJsonLines
{
    public static string Serialize(SmokeReport report) =>
        JsonSerializer.Serialize(report, SmokeJsonContext.Default.SmokeReport);

    public static void Append(SmokeReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var line = Encoding.UTF8.GetBytes(Serialize(report) + "\n");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(line);
    }
}
