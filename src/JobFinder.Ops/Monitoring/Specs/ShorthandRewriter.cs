namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>The plan's shorthand, rewritten to the API's field names before the schema check, keeping
/// every node's position: <c>documentation: text</c> becomes <c>{content, mimeType: text/markdown}</c>;
/// a condition's <c>threshold</c>, <c>absent</c>, <c>mql</c>, <c>promql</c>, <c>logMatch</c> and <c>sql</c>
/// become <c>conditionThreshold</c>, <c>conditionAbsent</c>, ...; a comparison may be written
/// <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>==</c>, <c>!=</c> or <c>GT</c>...</summary>
internal static class ShorthandRewriter
{
    private static readonly Dictionary<string, string> s_conditionKinds = new(StringComparer.Ordinal)
    {
        ["threshold"] = "conditionThreshold",
        ["absent"] = "conditionAbsent",
        ["mql"] = "conditionMonitoringQueryLanguage",
        ["promql"] = "conditionPrometheusQueryLanguage",
        ["logMatch"] = "conditionMatchedLog",
        ["sql"] = "conditionSql",
    };

    private static readonly Dictionary<string, string> s_comparisons = new(StringComparer.OrdinalIgnoreCase)
    {
        [">"] = "COMPARISON_GT", [">="] = "COMPARISON_GE", ["<"] = "COMPARISON_LT", ["<="] = "COMPARISON_LE",
        ["=="] = "COMPARISON_EQ", ["!="] = "COMPARISON_NE",
        ["GT"] = "COMPARISON_GT", ["GE"] = "COMPARISON_GE", ["LT"] = "COMPARISON_LT", ["LE"] = "COMPARISON_LE",
        ["EQ"] = "COMPARISON_EQ", ["NE"] = "COMPARISON_NE",
    };

    public static SpecNode Policy(SpecNode node)
    {
        if (node is not SpecMapping policy)
        {
            return node;
        }

        return policy with
        {
            Entries = policy.Entries.Select(e => e.Key switch
            {
                "documentation" when e.Value is SpecScalar { IsNull: false } text => e with
                {
                    Value = new SpecMapping(text.Path, text.Line, text.Column,
                    [
                        new SpecEntry("content", text.Line, text.Column, text),
                        new SpecEntry("mimeType", text.Line, text.Column, new SpecScalar(text.Path, text.Line, text.Column, "text/markdown", true)),
                    ]),
                },
                "conditions" when e.Value is SpecSequence conditions => e with
                {
                    Value = conditions with { Items = conditions.Items.Select(Condition).ToArray() },
                },
                _ => e,
            }).ToArray(),
        };
    }

    private static SpecNode Condition(SpecNode node) => node is SpecMapping condition
        ? condition with
        {
            Entries = condition.Entries.Select(e => s_conditionKinds.TryGetValue(e.Key, out var kind)
                ? e with { Key = kind, Value = kind == "conditionThreshold" ? Threshold(e.Value) : e.Value }
                : e).ToArray(),
        }
        : node;

    private static SpecNode Threshold(SpecNode node) => node is SpecMapping threshold
        ? threshold with
        {
            Entries = threshold.Entries.Select(e =>
                e.Key == "comparison" && e.Value is SpecScalar { Value: { } text } scalar && s_comparisons.TryGetValue(text.Trim(), out var wire)
                    ? e with { Value = scalar with { Value = wire } }
                    : e).ToArray(),
        }
        : node;
}
