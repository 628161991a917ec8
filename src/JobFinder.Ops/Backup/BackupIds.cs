using System.Globalization;
using System.Security.Cryptography;

namespace JobFinder.Ops.Backup;

/// <summary>Backup ids sort by time: <c>20261126T221500Z-prod-1a2b3c</c> (UTC start, environment,
/// six random hex digits so two backups in the same second differ).</summary>
public static class BackupIds
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string New(string environment, DateTimeOffset createdAt)
    {
        var label = string.Concat(environment.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
        return $"{createdAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{(label.Length == 0 ? "project" : label)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }

    /// <summary>The creation time encoded in an id, or null when the text is not one of our ids.</summary>
    public static DateTimeOffset? TimeOf(string id) =>
        id.Length > 16 && DateTime.TryParseExact(id[..16], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
}
