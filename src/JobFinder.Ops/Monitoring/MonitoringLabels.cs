namespace JobFinder.Ops.Monitoring;

/// <summary>The user labels that mark what this module manages. Only resources carrying
/// <see cref="ManagedBy"/> = <see cref="ManagedByValue"/> are ever updated or pruned.</summary>
public static class MonitoringLabels
{
    public const string ManagedBy = "managed-by";

    public const string ManagedByValue = "jobfinder-ops";

    /// <summary>On notification channels: the key the monitoring file declares the channel under.</summary>
    public const string ChannelKey = "jobfinder-channel";

    public static bool IsManaged(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(ManagedBy, out var value) && value == ManagedByValue;
}
