namespace JobFinder.Ops.Model;

/// <summary>A single-field override a deployment patched, with what was there before, so a rollback or an
/// undo can put it back.</summary>
public sealed record FieldOverrideRecord
{
    /// <summary><c>projects/P/databases/D/collectionGroups/CG/fields/PATH</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The field's override before the deployment as Firestore Admin JSON (indexConfig,
    /// ttlConfig), or null when the field had none (an undo then removes the override again).</summary>
    public string? PreviousConfig { get; init; }

    /// <summary>What the deployment set, in the plan's words (indexes; TTL).</summary>
    public required string Applied { get; init; }
}
