using System.Collections.Concurrent;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>Open resumable upload sessions (<c>uploadType=resumable</c>): the first POST records the
/// object's metadata, PUTs append bytes, the last chunk commits. Sessions live in memory only; like an
/// expired Google session, one lost to a restart answers 404 and the client starts over.</summary>
internal sealed class ResumableUploads
{
    private readonly ConcurrentDictionary<string, ResumableUpload> _sessions = new(StringComparer.Ordinal);

    public ResumableUpload Start(string bucket, string name, string? contentType, IReadOnlyDictionary<string, string>? metadata,
        ObjectPreconditions preconditions, BlobWriter writer)
    {
        var session = new ResumableUpload(Guid.NewGuid().ToString("N"), bucket, name, contentType, metadata, preconditions, writer);
        _sessions[session.Id] = session;
        return session;
    }

    public ResumableUpload? Find(string id) => _sessions.GetValueOrDefault(id);

    public void End(ResumableUpload session)
    {
        _sessions.TryRemove(session.Id, out _);
        session.Writer.Dispose();
    }
}

internal sealed record ResumableUpload(string Id, string Bucket, string Name, string? ContentType,
    IReadOnlyDictionary<string, string>? Metadata, ObjectPreconditions Preconditions, BlobWriter Writer)
{
    /// <summary>Serializes the PUTs of one session.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
