using System.Text.Json;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Rollout;

/// <summary>A field override's config as the journal keeps it (to put it back) and as a PATCH restores
/// it. Only the settable parts are kept: firestore-v1.json marks <c>usesAncestorConfig</c>,
/// <c>ancestorField</c>, <c>reverting</c>, an index's <c>state</c> and <c>ttlConfig.state</c> output only.</summary>
public static class FieldOverrideConfig
{
    /// <summary>The settable config of <paramref name="field"/> as compact JSON.</summary>
    public static string Serialize(FirestoreField field) =>
        JsonSerializer.Serialize(Settable(field), GoogleJsonContext.Default.FirestoreField);

    /// <summary>The PATCH body (with the field's name) that puts <paramref name="previousConfig"/> back;
    /// for none, an empty override, which fields.patch without an updateMask takes as "no override"
    /// (the mask's description in firestore-v1.json: without it, all of the field's configuration is replaced).</summary>
    public static FirestoreField Restoring(string fieldName, string? previousConfig) =>
        (previousConfig is null ? new FirestoreField() : JsonSerializer.Deserialize(previousConfig, GoogleJsonContext.Default.FirestoreField)!) with { Name = fieldName };

    /// <summary>Whether the live field is not as it was before: with no previous override, any override of
    /// its own (indexes not inherited, or a TTL policy) differs.</summary>
    public static bool Differs(FirestoreField current, string? previousConfig)
    {
        if (previousConfig is null)
        {
            return current.TtlConfig is not null || current.IndexConfig?.UsesAncestorConfig == false;
        }

        var previous = JsonSerializer.Deserialize(previousConfig, GoogleJsonContext.Default.FirestoreField)!;
        return FieldOverrideDefinitions.IndexesText(current) != FieldOverrideDefinitions.IndexesText(previous)
            || (current.TtlConfig is null) != (previous.TtlConfig is null);
    }

    private static FirestoreField Settable(FirestoreField field) => new()
    {
        IndexConfig = field.IndexConfig is { } config ? new IndexConfig { Indexes = config.Indexes?.Select(i => i with { State = null, Name = null }).ToList() } : null,
        TtlConfig = field.TtlConfig is { } ttl ? new TtlConfig { ExpirationOffset = ttl.ExpirationOffset } : null,
    };
}
