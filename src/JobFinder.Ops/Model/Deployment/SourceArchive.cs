namespace JobFinder.Ops.Model;

/// <summary>A codebase's source folder packaged as a deterministic zip (same files, same bytes).</summary>
/// <param name="Codebase">The codebase name.</param>
/// <param name="Path">Where the zip was written.</param>
/// <param name="SizeBytes">Size of the zip.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the zip's bytes.</param>
/// <param name="Files">Relative paths ('/'-separated) in the archive, in archive order.</param>
public sealed record SourceArchive(string Codebase, string Path, long SizeBytes, string Sha256, IReadOnlyList<string> Files)
{
    public int FileCount => Files.Count;
}
