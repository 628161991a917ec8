using System.Text.Json;
using System.Text.RegularExpressions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Project;

/// <summary>Parses assertion text such as <c>$.result.success == true</c> or <c>$.status exists</c>.
/// The expected value must be a JSON literal (<c>true</c>, <c>42</c>, <c>"healthy"</c>, <c>null</c>).</summary>
internal static partial class SmokeAssertionParser
{
    public static SmokeAssertion? TryParse(string text, out string? problem)
    {
        var trimmed = text.Trim();
        if (Exists().Match(trimmed) is { Success: true } e)
        {
            return ValidPath(e.Groups["path"].Value, out problem) ? new SmokeAssertion(e.Groups["path"].Value, "exists", null, trimmed) : null;
        }

        var match = Comparison().Match(trimmed);
        if (!match.Success)
        {
            problem = $"'{text}' is not an assertion; write '<$.json.path> <{string.Join("|", SmokeAssertion.Operators)}> <JSON value>', e.g. '$.result.success == true'.";
            return null;
        }

        var expected = match.Groups["value"].Value.Trim();
        try
        {
            using var literal = JsonDocument.Parse(expected);
            if (literal.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array && match.Groups["op"].Value != "contains")
            {
                problem = $"'{text}': compare with a single JSON value (string, number, true/false, null).";
                return null;
            }
        }
        catch (JsonException)
        {
            problem = $"'{text}': the expected value {expected} is not JSON (quote strings: \"healthy\").";
            return null;
        }

        return ValidPath(match.Groups["path"].Value, out problem)
            ? new SmokeAssertion(match.Groups["path"].Value, match.Groups["op"].Value, expected, trimmed)
            : null;
    }

    /// <summary>The smoke runner evaluates paths with <see cref="JsonPathLite"/>; reject here what it cannot follow.</summary>
    private static bool ValidPath(string path, out string? problem) => JsonPathLite.TryParse(path, out problem) is not null;

    [GeneratedRegex(@"^(?<path>\$[^\s]*)\s+exists$")]
    private static partial Regex Exists();

    [GeneratedRegex(@"^(?<path>\$[^\s]*)\s+(?<op>==|!=|>=|<=|>|<|contains)\s+(?<value>.+)$")]
    private static partial Regex Comparison();
}
