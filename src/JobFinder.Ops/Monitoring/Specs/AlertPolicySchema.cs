using System.Collections.Frozen;
using System.Text.Json;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>The type of one field of a discovery schema.</summary>
internal sealed record SchemaField(string? Type, string? Format, IReadOnlyList<string>? Enum, SchemaField? Items, SchemaField? Values, string? Ref)
{
    public bool IsDuration => Format == "google-duration";

    public string Describe() => Ref is not null ? "a mapping"
        : Type switch
        {
            "array" => "a list",
            "object" => "a mapping",
            "number" => "a number",
            "integer" => "a whole number",
            "boolean" => "true or false",
            _ when IsDuration => "a duration such as \"300s\"",
            _ when Enum is not null => "one of " + string.Join(", ", Enum),
            _ => "text",
        };
}

/// <summary>Field names and types of AlertPolicy and everything it contains, from
/// <see cref="AlertPolicySchemaSource"/>, plus the fields the server owns (accepted in files exported from
/// the API and dropped, because create and patch ignore them).</summary>
internal static class AlertPolicySchema
{
    public const string Root = "AlertPolicy";

    private static readonly FrozenDictionary<string, FrozenDictionary<string, SchemaField>> s_schemas = Load();

    /// <summary>Server-assigned or read-only: <c>name</c>, the creation/mutation records, <c>validity</c>,
    /// condition <c>name</c>s.</summary>
    private static readonly FrozenSet<(string Schema, string Field)> s_serverOwned = new[]
    {
        ("AlertPolicy", "name"), ("AlertPolicy", "creationRecord"), ("AlertPolicy", "mutationRecord"),
        ("AlertPolicy", "validity"), ("Condition", "name"),
    }.ToFrozenSet();

    /// <summary>The condition kinds: exactly one is set per condition.</summary>
    public static readonly IReadOnlyList<string> ConditionKinds = s_schemas["Condition"].Keys
        .Where(k => k.StartsWith("condition", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    public static IReadOnlyDictionary<string, SchemaField> Fields(string schema) => s_schemas[schema];

    public static bool IsServerOwned(string schema, string field) => s_serverOwned.Contains((schema, field));

    private static FrozenDictionary<string, FrozenDictionary<string, SchemaField>> Load()
    {
        using var document = JsonDocument.Parse(AlertPolicySchemaSource.Json);
        return document.RootElement.EnumerateObject().ToFrozenDictionary(
            schema => schema.Name,
            schema => schema.Value.EnumerateObject().ToFrozenDictionary(f => f.Name, f => Field(f.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private static SchemaField Field(JsonElement e) => new(
        e.TryGetProperty("type", out var t) ? t.GetString() : null,
        e.TryGetProperty("format", out var f) ? f.GetString() : null,
        e.TryGetProperty("enum", out var en) ? en.EnumerateArray().Select(x => x.GetString()!).ToArray() : null,
        e.TryGetProperty("items", out var items) ? Field(items) : null,
        e.TryGetProperty("values", out var values) ? Field(values) : null,
        e.TryGetProperty("ref", out var r) ? r.GetString() : null);
}
