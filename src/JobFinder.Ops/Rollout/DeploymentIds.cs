using System.Globalization;

namespace JobFinder.Ops.Rollout;

/// <summary>Deployment ids sort by time: <c>20261126T221500Z-3f9a1c</c>.</summary>
public static class DeploymentIds
{
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>True for something shaped like an id (no path separators), so it is safe as a file name.</summary>
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
