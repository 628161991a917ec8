using System.Globalization;
using System.Text.RegularExpressions;

namespace JobFinder.Ops.Project;

/// <summary>Durations in the ops settings file: <c>hh:mm:ss</c> (TimeSpan, like <c>-BakeTime 00:02:00</c>)
/// or a number with a unit: <c>500ms</c>, <c>30s</c> (Google's JSON duration style), <c>5m</c>, <c>24h</c>, <c>7d</c>.
/// The cmdlets' TimeSpan parameters read the same forms (DurationTransformationAttribute), so
/// <c>-BakeTime 5m</c> means what <c>"bakeTime": "5m"</c> means.</summary>
public static partial class DurationParser
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        var match = WithUnit().Match(text.Trim());
        if (match.Success && double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            var factor = match.Groups["u"].Value switch
            {
                "ms" => 1.0,
                "s" => 1_000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                _ => 86_400_000.0,
            };
            var ms = n * factor;
            if (ms <= TimeSpan.MaxValue.TotalMilliseconds)
            {
                value = TimeSpan.FromMilliseconds(ms);
                return true;
            }
        }

        return TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h|d)$")]
    private static partial Regex WithUnit();
}
