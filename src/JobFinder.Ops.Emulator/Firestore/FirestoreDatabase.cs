using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>One Firestore database: its documents (ordered by path), composite indexes and field
/// overrides. Every member takes <see cref="Gate"/>; callers never hold it across I/O.</summary>
internal sealed class FirestoreDatabase
{
    private readonly SortedDictionary<string, FirestoreDocument> _documents = new(StringComparer.Ordinal);

    public FirestoreDatabase(string project, string databaseId, string uid, DateTimeOffset createTime, JsonObject settings)
    {
        Project = project;
        DatabaseId = databaseId;
        Uid = uid;
        CreateTime = createTime;
        UpdateTime = createTime;
        Settings = settings;
    }

    public object Gate { get; } = new();

    /// <summary>Bumped by every document write, so persistence rewrites only databases that changed.</summary>
    public long Version { get; private set; }

    public string Project { get; }

    public string DatabaseId { get; }

    public string Uid { get; }

    public DateTimeOffset CreateTime { get; }

    public DateTimeOffset UpdateTime { get; set; }

    /// <summary>Client-chosen database settings (locationId, type, deleteProtectionState...).</summary>
    public JsonObject Settings { get; }

    public string Name => $"projects/{Project}/databases/{DatabaseId}";

    public string DocumentsRoot => Name + "/documents";

    /// <summary>Composite indexes by id.</summary>
    public Dictionary<string, FirestoreIndex> Indexes { get; } = new(StringComparer.Ordinal);

    /// <summary>Field overrides by "collectionGroup/fieldPath": the stored Field resource.</summary>
    public Dictionary<string, JsonObject> FieldOverrides { get; } = new(StringComparer.Ordinal);

    public int DocumentCount
    {
        get
        {
            lock (Gate)
            {
                return _documents.Count;
            }
        }
    }

    public FirestoreDocument? Find(string path)
    {
        lock (Gate)
        {
            return _documents.GetValueOrDefault(path);
        }
    }

    public FirestoreDocument Get(string path) =>
        Find(path) ?? throw GoogleErrors.NotFound($"Document \"{DocumentsRoot}/{path}\" not found.");

    /// <summary>Writes a document. <paramref name="mustExist"/> is Firestore's <c>currentDocument.exists</c>.</summary>
    public FirestoreDocument Put(string path, Func<FirestoreDocument?, JsonObject> buildFields, DateTimeOffset now, bool? mustExist = null)
    {
        lock (Gate)
        {
            var current = _documents.GetValueOrDefault(path);
            CheckExists(path, current, mustExist);
            var document = new FirestoreDocument(path, FirestoreDocument.Serialize(buildFields(current)), current?.CreateTime ?? now, now);
            _documents[path] = document;
            Version++;
            return document;
        }
    }

    /// <summary>Bulk insert-or-replace (seeding, import). Takes the lock once per batch.</summary>
    public void PutMany(IEnumerable<FirestoreDocument> documents)
    {
        lock (Gate)
        {
            foreach (var document in documents)
            {
                _documents[document.Path] = document;
            }
            Version++;
        }
    }

    public bool Delete(string path, bool? mustExist = null)
    {
        lock (Gate)
        {
            CheckExists(path, _documents.GetValueOrDefault(path), mustExist);
            Version++;
            return _documents.Remove(path);
        }
    }

    public void Clear()
    {
        lock (Gate)
        {
            _documents.Clear();
            Version++;
        }
    }

    /// <summary>A consistent snapshot: documents are immutable, so copying references is enough.</summary>
    public List<FirestoreDocument> Snapshot(Func<FirestoreDocument, bool>? include = null) => VersionedSnapshot(include).Documents;

    public (List<FirestoreDocument> Documents, long Version) VersionedSnapshot(Func<FirestoreDocument, bool>? include = null)
    {
        lock (Gate)
        {
            return (include is null ? [.. _documents.Values] : [.. _documents.Values.Where(include)], Version);
        }
    }

    /// <summary>Documents directly in the collection <paramref name="parent"/>/<paramref name="collectionId"/>
    /// (parent "" = root), or, with <paramref name="allDescendants"/>, every document of that collection
    /// group under the parent.</summary>
    public List<FirestoreDocument> Query(string parent, string collectionId, bool allDescendants)
    {
        var parentPrefix = parent.Length == 0 ? string.Empty : parent + "/";
        if (!allDescendants)
        {
            var collectionPrefix = parentPrefix + collectionId + "/";
            return Snapshot(d => d.Path.StartsWith(collectionPrefix, StringComparison.Ordinal)
                && d.Path.IndexOf('/', collectionPrefix.Length) < 0);
        }
        return Snapshot(d => d.Path.StartsWith(parentPrefix, StringComparison.Ordinal) && d.CollectionId == collectionId);
    }

    /// <summary>Ids of the collections directly under a document (or the root when <paramref name="parent"/> is "").</summary>
    public List<string> CollectionIds(string parent)
    {
        var prefix = parent.Length == 0 ? string.Empty : parent + "/";
        lock (Gate)
        {
            return _documents.Keys
                .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
                .Select(p => p[prefix.Length..].Split('/')[0])
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    public JsonObject ToResource()
    {
        var resource = new JsonObject
        {
            ["name"] = Name,
            ["uid"] = Uid,
            ["createTime"] = FirestoreValues.FormatTimestamp(CreateTime),
            ["updateTime"] = FirestoreValues.FormatTimestamp(UpdateTime),
            ["locationId"] = "nam5",
            ["type"] = "FIRESTORE_NATIVE",
            ["concurrencyMode"] = "PESSIMISTIC",
            ["versionRetentionPeriod"] = "3600s",
            ["earliestVersionTime"] = FirestoreValues.FormatTimestamp(UpdateTime.AddHours(-1) > CreateTime ? UpdateTime.AddHours(-1) : CreateTime),
            ["appEngineIntegrationMode"] = DatabaseId == "(default)" ? "ENABLED" : "DISABLED",
            ["keyPrefix"] = DatabaseId == "(default)" ? string.Empty : null,
            ["pointInTimeRecoveryEnablement"] = "POINT_IN_TIME_RECOVERY_DISABLED",
            ["deleteProtectionState"] = "DELETE_PROTECTION_DISABLED",
            ["databaseEdition"] = "STANDARD",
            ["freeTier"] = false,
        };
        foreach (var (key, value) in Settings)
        {
            resource[key] = value?.DeepClone();
        }
        resource.Remove("keyPrefix");
        resource["etag"] = Etag;
        return resource;
    }

    /// <summary>Changes whenever the database resource changes (not on document writes).</summary>
    public string Etag => Convert.ToBase64String(BitConverter.GetBytes(UpdateTime.UtcTicks ^ CreateTime.UtcTicks))[..11];

    private void CheckExists(string path, FirestoreDocument? current, bool? mustExist)
    {
        if (mustExist == true && current is null)
        {
            throw GoogleErrors.NotFound($"No document to update: {DocumentsRoot}/{path}");
        }
        if (mustExist == false && current is not null)
        {
            throw GoogleErrors.AlreadyExists($"Document already exists: {DocumentsRoot}/{path}");
        }
    }
}

/// <summary>A composite index. State moves CREATING → READY when its build operation completes.</summary>
internal sealed class FirestoreIndex
{
    public required string Id { get; init; }
    public required string CollectionGroup { get; init; }

    /// <summary>The index as the client defined it (fields incl. the appended __name__), without name/state.</summary>
    public required JsonObject Definition { get; init; }

    public string State { get; set; } = "CREATING";

    public JsonObject ToResource(string databaseName)
    {
        var resource = new JsonObject { ["name"] = $"{databaseName}/collectionGroups/{CollectionGroup}/indexes/{Id}" };
        foreach (var (key, value) in Definition)
        {
            resource[key] = value?.DeepClone();
        }
        resource["state"] = State;
        return resource;
    }
}
