using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>The part of Monitoring's list filter language that configuration-as-code needs: terms
/// <c>field = "value"</c>, <c>field != "value"</c> or <c>field : "substring"</c> joined by AND, on fields
/// like <c>display_name</c>, <c>type</c>, <c>user_labels.KEY</c> (snake_case or camelCase).</summary>
internal static partial class MonitoringFilter
{
    public static Func<JsonObject, bool> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }
        var tests = new List<Func<JsonObject, bool>>();
        foreach (var term in AndSplitter().Split(filter.Trim()))
        {
            var match = Term().Match(term.Trim());
            if (!match.Success)
            {
                throw GoogleErrors.InvalidArgument($"Invalid filter: {filter}", [("filter", $"cannot parse '{term}'")]);
            }
            var path = string.Join('.', match.Groups["field"].Value.Split('.').Select((s, i) => i == 0 || !IsLabelMap(match.Groups["field"].Value) ? FieldMask.ToCamelCase(s) : s));
            var op = match.Groups["op"].Value;
            var value = match.Groups["value"].Value.Trim('"');
            tests.Add(item =>
            {
                var actual = FieldMask.Get(item, path)?.ToString();
                return op switch
                {
                    "=" => actual == value,
                    "!=" => actual != value,
                    _ => actual?.Contains(value, StringComparison.Ordinal) == true,
                };
            });
        }
        return item => tests.All(t => t(item));
    }

    /// <summary>Keys inside label maps keep their spelling (<c>user_labels.managed_by</c>).</summary>
    private static bool IsLabelMap(string field) => field.StartsWith("user_labels.", StringComparison.Ordinal)
        || field.StartsWith("userLabels.", StringComparison.Ordinal) || field.StartsWith("labels.", StringComparison.Ordinal);

    /// <summary>A list page in Monitoring's shape (with <c>totalSize</c> when asked for by the resource).</summary>
    public static IResult Page(HttpRequest request, string collection, List<JsonObject> items, bool withTotalSize)
    {
        var filtered = items.Where(Parse(request.Query["filter"].ToString())).ToList();
        var (page, next) = Paging.Page(filtered, request, defaultPageSize: 100, maxPageSize: 1000);
        var body = new JsonObject { [collection] = new JsonArray([.. page.Select(i => (JsonNode)i)]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        if (withTotalSize)
        {
            body["totalSize"] = filtered.Count;
        }
        return GoogleJson.Result(body);
    }

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplitter();

    [GeneratedRegex("^(?<field>[A-Za-z_][A-Za-z0-9_.]*)\\s*(?<op>!=|=|:)\\s*(?<value>\"[^\"]*\"|[^\\s\"]+)$")]
    private static partial Regex Term();
}
