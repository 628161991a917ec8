using System.Text.RegularExpressions;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>The subset of the AIP-160 filter language used on operations.list:
/// <c>metadata.@type="type.googleapis.com/..."</c> and <c>done=true|false</c>, joined by AND.</summary>
internal static partial class OperationFilter
{
    public static Func<OperationRecord, bool> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }

        var predicates = new List<Func<OperationRecord, bool>>();
        foreach (var term in AndSplitter().Split(filter.Trim()))
        {
            var match = Comparison().Match(term.Trim());
            if (!match.Success)
            {
                throw GoogleErrors.InvalidArgument($"Invalid filter: {filter}");
            }

            var field = match.Groups["field"].Value;
            var value = match.Groups["value"].Value.Trim('"');
            var negate = match.Groups["op"].Value == "!=";
            Func<OperationRecord, bool> test = field switch
            {
                "metadata.@type" or "metadata.type" => o => string.Equals(o.MetadataType, value, StringComparison.Ordinal),
                "done" => o => o.Done == bool.Parse(value),
                _ => throw GoogleErrors.InvalidArgument($"Unsupported filter field: {field}"),
            };
            predicates.Add(negate ? o => !test(o) : test);
        }

        return o => predicates.All(p => p(o));
    }

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplitter();

    [GeneratedRegex("^(?<field>[A-Za-z.@_]+)\\s*(?<op>!=|=|:)\\s*(?<value>\"[^\"]*\"|true|false)$")]
    private static partial Regex Comparison();
}
