using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>The deployment ledger: each <see cref="DeploymentRecord"/> as one JSON document, written
/// locally (<c>&lt;project root&gt;/.jobfinder/deployments/&lt;id&gt;.json</c>, temp file + atomic rename)
/// and to the bucket (<c>gs://&lt;backup bucket&gt;/jobfinder/deployments/&lt;id&gt;.json</c>) every time a
/// step starts and ends. The local copy is written first so a dead network never loses the journal;
/// a failed bucket write is a warning, retried at the next step. Format: docs/design/journal.md.</summary>
public sealed class DeploymentJournal
{
    public const string LocalFolder = ".jobfinder/deployments";

    private readonly StorageApi? _storage;
    private readonly string? _bucket;
    private readonly IEngineEventSink _events;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <param name="projectRoot">Folder holding firebase.json; the local journal lives under it.</param>
    /// <param name="client">Null for a local-only journal (reading history offline).</param>
    /// <param name="bucket">Backup bucket name; null for local only.</param>
    /// <param name="events">Where a failed bucket write is reported.</param>
    /// <param name="projectId">Whose records <see cref="ListAsync"/> returns; null for every project's.</param>
    public DeploymentJournal(string projectRoot, GoogleRestClient? client, string? bucket, IEngineEventSink? events = null, string? projectId = null)
    {
        LocalDirectory = Path.Combine(projectRoot, LocalFolder.Replace('/', Path.DirectorySeparatorChar));
        _storage = client is null ? null : new StorageApi(client);
        _bucket = bucket;
        _events = events ?? NullEventSink.Instance;
        ProjectId = projectId;
    }

    public string LocalDirectory { get; }

    /// <summary>The project whose records this journal lists. The local folder is shared by every
    /// environment of the repository (staging and production write side by side), so a reader for one
    /// environment names its project; null lists every record.</summary>
    public string? ProjectId { get; }

    /// <summary>The journal of <paramref name="project"/>: the local folder under its root, the bucket of its
    /// <c>backup.bucket</c> (when <paramref name="client"/> is given), its records only.</summary>
    public static DeploymentJournal For(JobFinderProject project, GoogleRestClient? client, IEngineEventSink events)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new(project.RootPath, client, BackupBucket.NameOf(project.Settings.Backup.Bucket), events, project.ProjectId);
    }

    public string LocalPath(string id) => Path.Combine(LocalDirectory, id + ".json");

    public static string ObjectName(string id) => BackupBucket.DeploymentsPrefix + id + ".json";

    public static byte[] Serialize(DeploymentRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RolloutJsonContext.Default.DeploymentRecord);

    public static DeploymentRecord Deserialize(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RolloutJsonContext.Default.DeploymentRecord)
                ?? throw new JsonException("The document is empty.");
        }
        catch (JsonException ex)
        {
            throw new JobFinderException("DeploymentJournalInvalid", ErrorKind.InvalidData, $"The deployment journal {source} cannot be read: {ex.Message}", source, ex);
        }
    }

    /// <summary>Writes the record locally (atomically) and to the bucket. Calls are serialized so an
    /// older snapshot never overwrites a newer one.</summary>
    public async Task WriteAsync(DeploymentRecord record, CancellationToken cancellationToken = default)
    {
        var bytes = Serialize(record);
        // The journal must be written even while the deployment is being cancelled: it is what makes a resume possible.
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(LocalDirectory);
            var path = LocalPath(record.Id);
            var temp = path + ".tmp-" + Environment.ProcessId;
            await File.WriteAllBytesAsync(temp, bytes, CancellationToken.None).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            if (_storage is not null && _bucket is not null)
            {
                try
                {
                    await _storage.InsertObjectAsync(_bucket, ObjectName(record.Id), bytes, "application/json", StoragePreconditions.SoleWriter, CancellationToken.None).ConfigureAwait(false);
                }
                catch (JobFinderException ex)
                {
                    _events.Warning($"Could not write the journal to gs://{_bucket}/{ObjectName(record.Id)} ({ex.Message}); the local copy {path} is current.");
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Reads one record: the local copy, else the bucket's. Null when neither exists.</summary>
    public async Task<DeploymentRecord?> ReadAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = LocalPath(id);
        DeploymentRecord? local = File.Exists(path) ? Deserialize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), path) : null;
        var remote = await ReadRemoteAsync(id, cancellationToken).ConfigureAwait(false);
        return Newest(local, remote);
    }

    /// <summary>The record <paramref name="id"/> of <paramref name="project"/>: DeploymentIdInvalid for a
    /// malformed id, DeploymentNotFound when neither copy exists, DeploymentProjectMismatch for a record of
    /// another environment of the repository.</summary>
    public async Task<DeploymentRecord> FindAsync(string id, JobFinderProject project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!DeploymentIds.IsValid(id))
        {
            throw new JobFinderException("DeploymentIdInvalid", ErrorKind.InvalidArgument, $"'{id}' is not a deployment id (like 20261126T221500Z-3f9a1c).", id);
        }

        var record = await ReadAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new JobFinderException("DeploymentNotFound", ErrorKind.ObjectNotFound, $"No deployment '{id}' in {LocalDirectory} or the backup bucket{(_bucket is null ? "" : $" gs://{_bucket}")}.", id);
        DeploymentOwnership.Ensure(record, project);
        return record;
    }

    /// <summary>Every record of <see cref="ProjectId"/> (all when it is null), local and bucket merged by id
    /// (the one with more steps wins), newest first.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<string, DeploymentRecord>(StringComparer.Ordinal);
        if (Directory.Exists(LocalDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(LocalDirectory, "*.json"))
            {
                var record = Deserialize(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), file);
                records[record.Id] = record;
            }
        }

        if (_storage is not null && _bucket is not null)
        {
            await foreach (var item in _storage.ListObjectsAsync(_bucket, BackupBucket.DeploymentsPrefix, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (item.Name is not { } name || !name.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }

                var id = name[BackupBucket.DeploymentsPrefix.Length..^".json".Length];
                var remote = await ReadRemoteAsync(id, cancellationToken).ConfigureAwait(false);
                records[id] = Newest(records.GetValueOrDefault(id), remote)!;
            }
        }

        return records.Values
            .Where(r => ProjectId is null || DeploymentOwnership.IsOf(r, ProjectId))
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    private async Task<DeploymentRecord?> ReadRemoteAsync(string id, CancellationToken cancellationToken)
    {
        if (_storage is null || _bucket is null)
        {
            return null;
        }

        try
        {
            using var buffer = new MemoryStream();
            await _storage.DownloadToAsync(_bucket, ObjectName(id), buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Deserialize(buffer.ToArray(), $"gs://{_bucket}/{ObjectName(id)}");
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
    }

    // A process that lost the network keeps writing locally; one that lost its disk keeps the bucket.
    // The copy that got further (more steps, or an end) is the truth.
    private static DeploymentRecord? Newest(DeploymentRecord? a, DeploymentRecord? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        static (int, int, int) Progress(DeploymentRecord r) => (r.Steps.Count, r.Steps.Count(s => s.State != DeploymentStepState.Started), r.IsFinished ? 1 : 0);
        return Progress(b).CompareTo(Progress(a)) > 0 ? b : a;
    }
}
