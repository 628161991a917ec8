namespace JobFinder.Ops.Backup;

/// <summary>One object the Firestore export wrote, as Cloud Storage described it right after the export:
/// enough to tell later whether it is still there and unchanged, without downloading it.</summary>
internal sealed record ExportObjectRecord
{
    public required string Name { get; init; }

    public long Size { get; init; }

    public string? Crc32c { get; init; }

    public string? Md5Hash { get; init; }

    public long? Generation { get; init; }
}
