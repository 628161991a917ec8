using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>The emulated Cloud Storage: buckets and their live objects (no versioning history). Shared
/// as a singleton by the Storage API, the Functions source upload and Firestore export/import. Object
/// bytes go through an <see cref="IBlobStore"/>; metadata is guarded by one lock because every
/// operation on it is short.</summary>
internal sealed class StorageStore : IPersistentStore
{
    private const int DefaultMaxResults = 1000;
    private readonly object _gate = new();
    private readonly Dictionary<string, StorageBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, StorageObject>> _objects = new(StringComparer.Ordinal);
    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _projects;
    private long _lastGeneration;

    public StorageStore(IBlobStore blobs, TimeProvider time, EmulatorContext context, IServiceProvider services)
        : this(blobs, time, context.ProjectIds)
    {
        // Resolved lazily: the persistence service itself depends on every persistent store.
        var persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
        Changed += () => persistence.Value.MarkDirty();
    }

    internal StorageStore(IBlobStore blobs, TimeProvider time, IReadOnlyList<string>? projects = null)
    {
        _blobs = blobs;
        _time = time;
        _projects = projects ?? [];
    }

    public string Name => "storage";

    /// <summary>Raised after every mutation (the persistence service debounces saves on it).</summary>
    public event Action? Changed;

    public static string DefaultBucketOf(string project) => project + ".appspot.com";

    public static string BackupBucketOf(string project) => project + "-backups";

    /// <summary>Creates the default and backup buckets every project starts with.</summary>
    public void SeedProject(string project)
    {
        foreach (var name in new[] { DefaultBucketOf(project), BackupBucketOf(project) })
        {
            lock (_gate)
            {
                if (!_buckets.ContainsKey(name))
                {
                    AddBucketLocked(name, project, []);
                }
            }
        }
        Changed?.Invoke();
    }

    public StorageBucket GetBucket(string name)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(name, out var bucket) ? bucket : throw StorageErrors.NoSuchBucket();
        }
    }

    public bool BucketExists(string name)
    {
        lock (_gate)
        {
            return _buckets.ContainsKey(name);
        }
    }

    public StorageBucket InsertBucket(string name, string project, JsonObject settings)
    {
        ValidateBucketName(name);
        StorageBucket bucket;
        lock (_gate)
        {
            if (_buckets.ContainsKey(name))
            {
                throw StorageErrors.BucketExists();
            }
            bucket = AddBucketLocked(name, project, settings);
        }
        Changed?.Invoke();
        return bucket;
    }

    /// <summary>Deletes an empty bucket: storage-v1.json buckets.delete "Deletes an empty bucket"; a bucket
    /// that still holds objects is answered 409 Conflict, as Cloud Storage does.</summary>
    public void DeleteBucket(string name)
    {
        lock (_gate)
        {
            if (!_buckets.ContainsKey(name))
            {
                throw StorageErrors.NoSuchBucket();
            }
            if (_objects[name].Count > 0)
            {
                throw StorageErrors.BucketNotEmpty();
            }
            _buckets.Remove(name);
            _objects.Remove(name);
        }
        Changed?.Invoke();
    }

    public IReadOnlyList<StorageBucket> ListBuckets(string project, string? prefix)
    {
        lock (_gate)
        {
            return _buckets.Values
                .Where(b => b.ProjectId == project && (prefix is null || b.Name.StartsWith(prefix, StringComparison.Ordinal)))
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Stores <paramref name="content"/> as the new live generation of the object, after checking
    /// the preconditions against the current one. The bytes are streamed into the blob store before the
    /// lock is taken, then the precondition is re-checked atomically with the swap.</summary>
    public StorageObject InsertObject(string bucket, string name, Stream content, string? contentType,
        IReadOnlyDictionary<string, string>? metadata, ObjectPreconditions preconditions)
    {
        ValidateObjectName(name);
        GetBucket(bucket);
        using var writer = _blobs.CreateWriter();
        content.CopyTo(writer, 81920);
        return CommitUpload(bucket, name, writer, contentType, metadata, preconditions);
    }

    /// <summary>Starts an upload whose bytes arrive over several requests (resumable uploads) or
    /// asynchronously (multipart bodies); finish with <see cref="CommitUpload"/>.</summary>
    public BlobWriter BeginUpload(string bucket, string name)
    {
        ValidateObjectName(name);
        GetBucket(bucket);
        return _blobs.CreateWriter();
    }

    public StorageObject CommitUpload(string bucket, string name, BlobWriter writer, string? contentType,
        IReadOnlyDictionary<string, string>? metadata, ObjectPreconditions preconditions) =>
        CommitObject(bucket, name, writer.Complete(), contentType, metadata, preconditions);

    /// <summary>Streams an object written by a producer (Firestore export) without buffering it first.</summary>
    public StorageObject WriteObject(string bucket, string name, string contentType, Action<Stream> produce)
    {
        ValidateObjectName(name);
        GetBucket(bucket);
        BlobInfo blob;
        using (var writer = _blobs.CreateWriter())
        {
            produce(writer);
            blob = writer.Complete();
        }
        return CommitObject(bucket, name, blob, contentType, null, ObjectPreconditions.None);
    }

    public StorageObject GetObject(string bucket, string name, ObjectPreconditions? preconditions = null)
    {
        lock (_gate)
        {
            var objects = ObjectsOfLocked(bucket);
            var current = objects.GetValueOrDefault(name) ?? throw StorageErrors.NoSuchObject(bucket, name);
            // ifGenerationNotMatch on a read is "304 Not Modified", which the API layer answers itself.
            CheckPreconditions(current, (preconditions ?? ObjectPreconditions.None) with { IfGenerationNotMatch = null });
            return current;
        }
    }

    public Stream OpenRead(StorageObject storedObject) => _blobs.OpenRead(storedObject.Blob.BlobId);

    public void DeleteObject(string bucket, string name, ObjectPreconditions preconditions)
    {
        StorageObject removed;
        lock (_gate)
        {
            var objects = ObjectsOfLocked(bucket);
            var current = objects.GetValueOrDefault(name) ?? throw StorageErrors.NoSuchObject(bucket, name);
            CheckPreconditions(current, preconditions);
            objects.Remove(name);
            removed = current;
        }
        _blobs.Delete(removed.Blob.BlobId);
        Changed?.Invoke();
    }

    /// <summary>objects.list: names in lexicographic order after the page token; with a delimiter, names
    /// that contain it after the prefix collapse into one <c>prefixes[]</c> entry. <c>maxResults</c>
    /// bounds items and prefixes together, as GCS documents.</summary>
    public ObjectListing ListObjects(string bucket, string? prefix, string? delimiter, int? maxResults, string? pageToken)
    {
        var limit = maxResults is > 0 ? Math.Min(maxResults.Value, DefaultMaxResults) : DefaultMaxResults;
        var resumeAfter = DecodePageToken(pageToken);
        var items = new List<StorageObject>();
        var prefixes = new List<string>();
        string? lastKey = null;
        var more = false;
        lock (_gate)
        {
            foreach (var (name, obj) in ObjectsOfLocked(bucket))
            {
                if (prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }
                if (resumeAfter is not null && (string.CompareOrdinal(name, resumeAfter) <= 0
                    || (resumeAfter.EndsWith(delimiter ?? "\0", StringComparison.Ordinal) && name.StartsWith(resumeAfter, StringComparison.Ordinal))))
                {
                    continue;
                }
                var key = name;
                var isPrefix = false;
                if (!string.IsNullOrEmpty(delimiter))
                {
                    var at = name.IndexOf(delimiter, prefix?.Length ?? 0, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        key = name[..(at + delimiter.Length)];
                        isPrefix = true;
                    }
                }
                if (isPrefix && key == lastKey)
                {
                    continue;
                }
                if (items.Count + prefixes.Count == limit)
                {
                    more = true;
                    break;
                }
                if (isPrefix)
                {
                    prefixes.Add(key);
                }
                else
                {
                    items.Add(obj);
                }
                lastKey = key;
            }
        }
        return new ObjectListing(items, prefixes, more && lastKey is not null ? EncodePageToken(lastKey) : null);
    }

    public JsonNode Save()
    {
        lock (_gate)
        {
            var buckets = new JsonArray();
            foreach (var bucket in _buckets.Values)
            {
                var objects = new JsonArray();
                foreach (var obj in _objects[bucket.Name].Values)
                {
                    objects.Add(new JsonObject
                    {
                        ["name"] = obj.Name,
                        ["generation"] = obj.Generation,
                        ["metageneration"] = obj.Metageneration,
                        ["contentType"] = obj.ContentType,
                        ["blobId"] = obj.Blob.BlobId,
                        ["size"] = obj.Blob.Size,
                        ["md5Hash"] = obj.Blob.Md5Base64,
                        ["crc32c"] = obj.Blob.Crc32cBase64,
                        ["timeCreated"] = obj.TimeCreated.ToString("O", CultureInfo.InvariantCulture),
                        ["updated"] = obj.Updated.ToString("O", CultureInfo.InvariantCulture),
                        ["metadata"] = new JsonObject(obj.Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
                    });
                }
                buckets.Add(new JsonObject
                {
                    ["name"] = bucket.Name,
                    ["projectId"] = bucket.ProjectId,
                    ["timeCreated"] = bucket.TimeCreated.ToString("O", CultureInfo.InvariantCulture),
                    ["updated"] = bucket.Updated.ToString("O", CultureInfo.InvariantCulture),
                    ["metageneration"] = bucket.Metageneration,
                    ["location"] = bucket.Location,
                    ["storageClass"] = bucket.StorageClass,
                    ["settings"] = bucket.Settings.DeepClone(),
                    ["objects"] = objects,
                });
            }
            return new JsonObject { ["lastGeneration"] = _lastGeneration, ["buckets"] = buckets };
        }
    }

    /// <summary>Replaces the state with a saved one and drops blobs nothing refers to any more.</summary>
    public void Load(JsonNode state)
    {
        lock (_gate)
        {
            _buckets.Clear();
            _objects.Clear();
            _lastGeneration = state["lastGeneration"]!.GetValue<long>();
            foreach (var b in state["buckets"]!.AsArray())
            {
                var bucket = new StorageBucket
                {
                    Name = (string)b!["name"]!,
                    ProjectId = (string)b["projectId"]!,
                    TimeCreated = DateTimeOffset.Parse((string)b["timeCreated"]!, CultureInfo.InvariantCulture),
                    Updated = DateTimeOffset.Parse((string)b["updated"]!, CultureInfo.InvariantCulture),
                    Metageneration = b["metageneration"]!.GetValue<long>(),
                    Location = (string)b["location"]!,
                    StorageClass = (string)b["storageClass"]!,
                    Settings = b["settings"]!.DeepClone().AsObject(),
                };
                _buckets[bucket.Name] = bucket;
                var objects = new SortedDictionary<string, StorageObject>(StringComparer.Ordinal);
                foreach (var o in b["objects"]!.AsArray())
                {
                    var obj = new StorageObject
                    {
                        Bucket = bucket.Name,
                        Name = (string)o!["name"]!,
                        Generation = o["generation"]!.GetValue<long>(),
                        Metageneration = o["metageneration"]!.GetValue<long>(),
                        ContentType = (string)o["contentType"]!,
                        Blob = new BlobInfo((string)o["blobId"]!, o["size"]!.GetValue<long>(), (string)o["md5Hash"]!, (string)o["crc32c"]!),
                        TimeCreated = DateTimeOffset.Parse((string)o["timeCreated"]!, CultureInfo.InvariantCulture),
                        Updated = DateTimeOffset.Parse((string)o["updated"]!, CultureInfo.InvariantCulture),
                        Metadata = o["metadata"]!.AsObject().ToDictionary(m => m.Key, m => (string)m.Value!, StringComparer.Ordinal),
                    };
                    objects[obj.Name] = obj;
                }
                _objects[bucket.Name] = objects;
            }
            _blobs.Retain(_objects.Values.SelectMany(o => o.Values).Select(o => o.Blob.BlobId).ToHashSet(StringComparer.Ordinal));
        }
    }

    /// <summary>Back to the seeded buckets, empty. Blobs of a durable store are not deleted here: at start the
    /// persistence service resets before it loads, and <see cref="Load"/> collects unreferenced blobs.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _buckets.Clear();
            _objects.Clear();
            if (!_blobs.IsDurable)
            {
                _blobs.Retain(new HashSet<string>());
            }
        }
        foreach (var project in _projects)
        {
            SeedProject(project);
        }
    }

    private StorageObject CommitObject(string bucket, string name, BlobInfo blob, string? contentType,
        IReadOnlyDictionary<string, string>? metadata, ObjectPreconditions preconditions)
    {
        StorageObject stored;
        StorageObject? replaced;
        lock (_gate)
        {
            SortedDictionary<string, StorageObject> objects;
            try
            {
                objects = ObjectsOfLocked(bucket);
                replaced = objects.GetValueOrDefault(name);
                CheckPreconditions(replaced, preconditions);
            }
            catch
            {
                _blobs.Delete(blob.BlobId);
                throw;
            }
            var now = _time.GetUtcNow();
            stored = new StorageObject
            {
                Bucket = bucket,
                Name = name,
                Generation = NextGenerationLocked(now),
                ContentType = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType,
                Blob = blob,
                TimeCreated = now,
                Updated = now,
                Metadata = metadata is null ? new(StringComparer.Ordinal) : new(metadata, StringComparer.Ordinal),
            };
            objects[name] = stored;
        }
        if (replaced is not null)
        {
            _blobs.Delete(replaced.Blob.BlobId);
        }
        Changed?.Invoke();
        return stored;
    }

    private static void CheckPreconditions(StorageObject? current, ObjectPreconditions p)
    {
        var generation = current?.Generation ?? 0;
        if (p.IfGenerationMatch is { } match && match != generation)
        {
            throw StorageErrors.PreconditionFailed();
        }
        if (p.IfGenerationNotMatch is { } notMatch && notMatch == generation)
        {
            throw StorageErrors.PreconditionFailed();
        }
        if (p.IfMetagenerationMatch is { } metaMatch && (current is null || current.Metageneration != metaMatch))
        {
            throw StorageErrors.PreconditionFailed();
        }
        if (p.IfMetagenerationNotMatch is { } metaNotMatch && current is not null && current.Metageneration == metaNotMatch)
        {
            throw StorageErrors.PreconditionFailed();
        }
    }

    private SortedDictionary<string, StorageObject> ObjectsOfLocked(string bucket) =>
        _objects.TryGetValue(bucket, out var objects) ? objects : throw StorageErrors.NoSuchBucket();

    private StorageBucket AddBucketLocked(string name, string project, JsonObject settings)
    {
        var now = _time.GetUtcNow();
        var bucket = new StorageBucket { Name = name, ProjectId = project, TimeCreated = now, Updated = now, Settings = settings };
        if (settings["location"] is JsonValue location)
        {
            bucket.Location = location.ToString().ToUpperInvariant();
        }
        if (settings["storageClass"] is JsonValue storageClass)
        {
            bucket.StorageClass = storageClass.ToString();
        }
        _buckets[name] = bucket;
        _objects[name] = new SortedDictionary<string, StorageObject>(StringComparer.Ordinal);
        return bucket;
    }

    /// <summary>Generations are microsecond timestamps like Google's, forced strictly increasing.</summary>
    private long NextGenerationLocked(DateTimeOffset now)
    {
        var micros = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        _lastGeneration = Math.Max(_lastGeneration + 1, micros);
        return _lastGeneration;
    }

    private static void ValidateBucketName(string name)
    {
        if (name.Length is < 3 or > 222 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.')
            || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            throw StorageErrors.Invalid("Invalid bucket name: '" + name + "'");
        }
    }

    private static void ValidateObjectName(string name)
    {
        if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > 1024 || name is "." or ".." || name.Contains('\r') || name.Contains('\n'))
        {
            throw StorageErrors.Invalid("Invalid object name: '" + name + "'");
        }
    }

    private static string EncodePageToken(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey));

    private static string? DecodePageToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw StorageErrors.Invalid("Invalid page token.");
        }
    }
}
