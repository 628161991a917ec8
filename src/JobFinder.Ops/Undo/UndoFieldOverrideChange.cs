namespace JobFinder.Ops.Undo;

/// <summary>A single-field override to put back as it was before the deployment: its previous config
/// (Firestore Admin JSON), or none, which removes the override the deployment added.</summary>
public sealed record UndoFieldOverrideChange(string FieldName, string Current, string? PreviousConfig)
{
    public override string ToString() => $"field {FieldName[(FieldName.IndexOf("/collectionGroups/", StringComparison.Ordinal) + 1)..]}: {Current} -> {(PreviousConfig is null ? "no override" : "its previous override")}";
}
