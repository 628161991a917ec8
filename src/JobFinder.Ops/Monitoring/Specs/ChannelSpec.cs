namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>A declared notification channel. <see cref="Key"/> is how policies in the file refer to it
/// and is stored on the live channel as a user label. <see cref="SecretLabels"/> maps a channel label
/// (<c>auth_token</c>, <c>url</c>) to the NAME of the environment variable holding its value; the value
/// is read only when the channel is created or its labels are rewritten, and never shown.</summary>
internal sealed record ChannelSpec(
    string Key,
    string Type,
    string DisplayName,
    string? Description,
    bool Enabled,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> SecretLabels,
    SourcePositions Source);
