using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>A snapshot plus the full resources behind it (function configs with environment values,
/// services, rulesets, indexes, policies) as JSON files, which only ever go to the backup's artifact
/// files in the bucket and the local folder.</summary>
public sealed record LiveStateCapture(LiveSnapshot Snapshot, IReadOnlyList<SnapshotPart> Parts);

/// <summary>One JSON file of a capture, named by its path inside the backup folder.</summary>
public sealed record SnapshotPart(string Name, byte[] Content);
