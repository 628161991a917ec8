using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Logging;

/// <summary>The part of the Logging query language (https://cloud.google.com/logging/docs/view/logging-query-language)
/// that deployment tooling uses to count a revision's errors: comparisons joined by <c>AND</c> (or by line
/// breaks, which the language treats as AND), <c>NOT</c> before a comparison, on any LogEntry field path
/// (<c>resource.type</c>, <c>resource.labels.revision_name</c>, <c>logName</c>, <c>labels.KEY</c>,
/// <c>textPayload</c>, <c>jsonPayload.KEY</c>). Operators <c>= != : &gt; &gt;= &lt; &lt;=</c>; <c>severity</c>
/// compares by level (<c>severity&gt;=ERROR</c>), <c>timestamp</c> by time, <c>:</c> is "has" (substring).
/// Anything else (OR, parentheses, regular expressions) is a 400 naming the part it could not read, never
/// a silent match-all.</summary>
internal static partial class LoggingFilter
{
    private static readonly string[] Levels = ["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];

    public static Func<JsonObject, bool> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }

        var tests = new List<Func<JsonObject, bool>>();
        foreach (var raw in AndSplitter().Split(filter.Trim()))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            var negate = false;
            if (term.StartsWith("NOT ", StringComparison.Ordinal) || term.StartsWith('-'))
            {
                negate = true;
                term = term.StartsWith('-') ? term[1..].Trim() : term[4..].Trim();
            }

            var match = Term().Match(term);
            if (!match.Success)
            {
                throw GoogleErrors.InvalidArgument($"Unparseable filter: cannot read '{term}' in '{filter}' (supported: comparisons joined by AND).", [("filter", $"cannot parse '{term}'")]);
            }

            var test = Compare(match.Groups["field"].Value, match.Groups["op"].Value, match.Groups["value"].Value.Trim('"'));
            tests.Add(negate ? entry => !test(entry) : test);
        }

        return entry => tests.All(t => t(entry));
    }

    private static Func<JsonObject, bool> Compare(string field, string op, string value)
    {
        if (field == "severity")
        {
            var wanted = Array.IndexOf(Levels, value.ToUpperInvariant());
            if (wanted < 0)
            {
                throw GoogleErrors.InvalidArgument($"Unparseable filter: unknown severity '{value}' (one of {string.Join(", ", Levels)}).", [("filter", "unknown severity")]);
            }

            return entry => Order(Array.IndexOf(Levels, entry["severity"]?.ToString() ?? "DEFAULT").CompareTo(wanted), op);
        }

        if (field is "timestamp" or "receiveTimestamp")
        {
            if (!GoogleJson.TryParseTimestamp(value, out var wanted))
            {
                throw GoogleErrors.InvalidArgument($"Unparseable filter: '{value}' is not an RFC 3339 timestamp.", [("filter", "bad timestamp")]);
            }

            return entry => GoogleJson.TryParseTimestamp(entry[field]?.ToString(), out var actual) && Order(actual.CompareTo(wanted), op);
        }

        var path = field.Split('.');
        return entry =>
        {
            JsonNode? node = entry;
            foreach (var part in path)
            {
                node = node is JsonObject o ? o[part] : null;
            }

            var actual = node?.ToString();
            return op switch
            {
                ":" => actual?.Contains(value, StringComparison.OrdinalIgnoreCase) == true,
                "=" => actual == value,
                "!=" => actual != value,
                _ => actual is not null && Order(string.CompareOrdinal(actual, value), op),
            };
        };
    }

    private static bool Order(int comparison, string op) => op switch
    {
        "=" => comparison == 0,
        "!=" => comparison != 0,
        ">" => comparison > 0,
        ">=" => comparison >= 0,
        "<" => comparison < 0,
        "<=" => comparison <= 0,
        _ => comparison == 0,
    };

    [GeneratedRegex(@"\s+AND\s+|\s*[\r\n]+\s*")]
    private static partial Regex AndSplitter();

    [GeneratedRegex("^(?<field>[A-Za-z_][A-Za-z0-9_.]*)\\s*(?<op>!=|>=|<=|=|:|>|<)\\s*(?<value>\"[^\"]*\"|[^\\s\"()]+)$")]
    private static partial Regex Term();
}
