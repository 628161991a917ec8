using System.Collections.Concurrent;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>The ordered steps that bring a project's monitoring to what a file declares: channels
/// first (policies reference them), then SLO services and SLOs, policies, the dashboard, and last the
/// removals (policies before the channels they may reference).</summary>
public sealed class MonitoringPlan
{
    internal MonitoringPlan(string projectId, string sourcePath, IReadOnlyList<PlannedChange> changes, IReadOnlyDictionary<string, string> channelNames)
    {
        ProjectId = projectId;
        SourcePath = sourcePath;
        Changes = changes;
        foreach (var (key, name) in channelNames)
        {
            ChannelNames[key] = name;
        }
    }

    public string ProjectId { get; }

    public string SourcePath { get; }

    public IReadOnlyList<PlannedChange> Changes { get; }

    /// <summary>Declared channel key → live resource name; filled in as channels are created.</summary>
    internal ConcurrentDictionary<string, string> ChannelNames { get; } = new(StringComparer.Ordinal);
}
