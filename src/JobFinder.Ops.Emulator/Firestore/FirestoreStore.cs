using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Every Firestore database of every emulated project. Each project starts with a seeded
/// <c>(default)</c> database (<see cref="FirestoreSeedData"/>); further databases are created through the
/// admin API (and used as scratch targets to verify a backup by restoring it).</summary>
internal sealed class FirestoreStore : IPersistentStore
{
    public const string DefaultDatabase = "(default)";
    private readonly ConcurrentDictionary<(string Project, string Database), FirestoreDatabase> _databases = new();
    private readonly IReadOnlyList<string> _projects;
    private readonly TimeProvider _time;
    private readonly string? _documentsDirectory;
    private readonly Dictionary<string, (FirestoreDatabase Database, long Version)> _savedVersions = new(StringComparer.Ordinal);

    public FirestoreStore(EmulatorContext context, TimeProvider time, IServiceProvider services)
        : this(context.ProjectIds, time, context.Options.DataPath is { } dataPath ? Path.Combine(dataPath, "state", "firestore-documents") : null)
    {
        // Resolved lazily: the persistence service itself depends on every persistent store.
        var persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
        Changed += () => persistence.Value.MarkDirty();
    }

    /// <param name="documentsDirectory">Where documents are persisted, one NDJSON file per database, rewritten
    /// only when the database changed (null: documents are kept inline in the saved state).</param>
    internal FirestoreStore(IReadOnlyList<string> projects, TimeProvider time, string? documentsDirectory = null)
    {
        _projects = projects;
        _time = time;
        _documentsDirectory = documentsDirectory;
    }

    public string Name => "firestore";

    /// <summary>Raised after every change (wired to the persistence service's MarkDirty).</summary>
    public event Action? Changed;

    public DateTimeOffset Now => _time.GetUtcNow();

    public FirestoreDatabase GetDatabase(string project, string databaseId) =>
        FindDatabase(project, databaseId) ?? throw GoogleErrors.NotFound(
            $"The database {databaseId} does not exist for project {project} Please visit https://console.cloud.google.com/datastore/setup?project={project} to add a Cloud Datastore or Cloud Firestore database.");

    public FirestoreDatabase? FindDatabase(string project, string databaseId) =>
        _databases.GetValueOrDefault((project, databaseId));

    public IReadOnlyList<FirestoreDatabase> ListDatabases(string project) =>
        _databases.Values.Where(d => d.Project == project).OrderBy(d => d.DatabaseId, StringComparer.Ordinal).ToList();

    /// <summary>Creates an empty database; the id rules are Firestore's (4-63 chars, lowercase letter first,
    /// letters, digits and hyphens, or "(default)").</summary>
    public FirestoreDatabase CreateDatabase(string project, string databaseId, JsonObject settings)
    {
        ValidateDatabaseId(databaseId);
        var database = new FirestoreDatabase(project, databaseId, Guid.NewGuid().ToString(), _time.GetUtcNow(), settings);
        if (!_databases.TryAdd((project, databaseId), database))
        {
            throw GoogleErrors.AlreadyExists($"Database already exists. Please use another database_id");
        }
        NotifyChanged();
        return database;
    }

    public FirestoreDatabase DeleteDatabase(string project, string databaseId, string? etag)
    {
        var database = GetDatabase(project, databaseId);
        if (!string.IsNullOrEmpty(etag) && etag != database.Etag)
        {
            throw GoogleErrors.Aborted("The etag does not match the current database etag.");
        }
        _databases.TryRemove((project, databaseId), out _);
        NotifyChanged();
        return database;
    }

    public void NotifyChanged() => Changed?.Invoke();

    /// <summary>Adds <paramref name="count"/> generated job-like documents to a collection (bench and
    /// tests), creating the database if needed. Ids are deterministic: seeding twice overwrites.</summary>
    public int SeedDocuments(string project, string databaseId, string collection, int count)
    {
        if (count is < 0 or > 1_000_000)
        {
            throw GoogleErrors.InvalidArgument("count must be between 0 and 1000000.", [("count", "out of range")]);
        }
        if (string.IsNullOrEmpty(collection) || collection.Contains('/'))
        {
            throw GoogleErrors.InvalidArgument("collection must be a collection id.", [("collection", "invalid collection id")]);
        }
        var database = FindDatabase(project, databaseId) ?? CreateDatabase(project, databaseId, []);
        const int batch = 2000;
        for (var start = 0; start < count; start += batch)
        {
            database.PutMany(Enumerable.Range(start, Math.Min(batch, count - start))
                .Select(i => FirestoreSeedData.GeneratedDocument(collection, i)));
        }
        NotifyChanged();
        return database.DocumentCount;
    }

    public JsonNode Save()
    {
        var databases = new JsonArray();
        foreach (var database in _databases.Values.OrderBy(d => d.Project, StringComparer.Ordinal).ThenBy(d => d.DatabaseId, StringComparer.Ordinal))
        {
            var documents = SaveDocuments(database);
            JsonArray indexes;
            JsonObject overrides;
            lock (database.Gate)
            {
                indexes = new JsonArray([.. database.Indexes.Values.Select(i => new JsonObject
                {
                    ["id"] = i.Id,
                    ["collectionGroup"] = i.CollectionGroup,
                    ["state"] = i.State,
                    ["definition"] = i.Definition.DeepClone(),
                })]);
                overrides = new JsonObject(database.FieldOverrides.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value.DeepClone())));
            }
            databases.Add(new JsonObject
            {
                ["project"] = database.Project,
                ["databaseId"] = database.DatabaseId,
                ["uid"] = database.Uid,
                ["createTime"] = GoogleJson.Timestamp(database.CreateTime),
                ["updateTime"] = GoogleJson.Timestamp(database.UpdateTime),
                ["settings"] = database.Settings.DeepClone(),
                ["indexes"] = indexes,
                ["fieldOverrides"] = overrides,
                [documents is JsonArray ? "documents" : "documentsFile"] = documents,
            });
        }
        DeleteUnreferencedDocumentFiles();
        return new JsonObject { ["databases"] = databases };
    }

    public void Load(JsonNode state)
    {
        _databases.Clear();
        foreach (var item in state["databases"]!.AsArray())
        {
            var d = item!.AsObject();
            GoogleJson.TryParseTimestamp((string?)d["createTime"], out var created);
            GoogleJson.TryParseTimestamp((string?)d["updateTime"], out var updated);
            var database = new FirestoreDatabase((string)d["project"]!, (string)d["databaseId"]!, (string)d["uid"]!, created,
                d["settings"]!.DeepClone().AsObject()) { UpdateTime = updated };
            foreach (var index in d["indexes"]!.AsArray())
            {
                var stored = new FirestoreIndex
                {
                    Id = (string)index!["id"]!,
                    CollectionGroup = (string)index["collectionGroup"]!,
                    Definition = index["definition"]!.DeepClone().AsObject(),
                    State = (string)index["state"]!,
                };
                database.Indexes[stored.Id] = stored;
            }
            foreach (var (key, value) in d["fieldOverrides"]!.AsObject())
            {
                database.FieldOverrides[key] = value!.DeepClone().AsObject();
            }
            LoadDocuments(database, d);
            _databases[(database.Project, database.DatabaseId)] = database;
        }
    }

    public void Reset()
    {
        _databases.Clear();
        foreach (var project in _projects)
        {
            var database = new FirestoreDatabase(project, DefaultDatabase, FirestoreSeedData.DatabaseUid(project),
                FirestoreSeedData.Epoch, []);
            database.PutMany(FirestoreSeedData.Documents(project));
            foreach (var index in FirestoreSeedData.Indexes())
            {
                database.Indexes[index.Id] = index;
            }
            _databases[(project, DefaultDatabase)] = database;
        }
    }

    /// <summary>The documents of one database for the saved state: inline without a documents directory,
    /// else the name of its NDJSON file, rewritten (temp file + rename) only when the database changed.</summary>
    private JsonNode SaveDocuments(FirestoreDatabase database)
    {
        if (_documentsDirectory is null)
        {
            return new JsonArray([.. database.Snapshot().Select(document => (JsonNode)new JsonObject
            {
                ["path"] = document.Path,
                ["createTime"] = GoogleJson.Timestamp(document.CreateTime),
                ["updateTime"] = GoogleJson.Timestamp(document.UpdateTime),
                // Kept as raw JSON text: parsing every field map into nodes only to write it out again is waste.
                ["fields"] = Encoding.UTF8.GetString(document.FieldsJson),
            })]);
        }
        var fileName = DocumentsFileName(database);
        var path = Path.Combine(_documentsDirectory, fileName);
        lock (_savedVersions)
        {
            if (_savedVersions.TryGetValue(fileName, out var saved) && ReferenceEquals(saved.Database, database) && saved.Version == database.Version && File.Exists(path))
            {
                return fileName;
            }
            var (documents, version) = database.VersionedSnapshot();
            Directory.CreateDirectory(_documentsDirectory);
            var temporary = path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                FirestoreDocumentLines.Write(stream, documents);
            }
            File.Move(temporary, path, overwrite: true);
            _savedVersions[fileName] = (database, version);
        }
        return fileName;
    }

    private void LoadDocuments(FirestoreDatabase database, JsonObject saved)
    {
        if (saved["documents"] is JsonArray inline)
        {
            database.PutMany(inline.Select(doc =>
            {
                GoogleJson.TryParseTimestamp((string?)doc!["createTime"], out var c);
                GoogleJson.TryParseTimestamp((string?)doc["updateTime"], out var u);
                return new FirestoreDocument((string)doc["path"]!, Encoding.UTF8.GetBytes((string)doc["fields"]!), c, u);
            }));
            return;
        }
        var fileName = (string)saved["documentsFile"]!;
        var path = Path.Combine(_documentsDirectory ?? throw new InvalidOperationException("Saved state refers to document files but no data path is set."), fileName);
        foreach (var batch in FirestoreDocumentLines.ReadBatches(File.OpenRead(path), 5000))
        {
            database.PutMany(batch);
        }
        lock (_savedVersions)
        {
            _savedVersions[fileName] = (database, database.Version);
        }
    }

    private void DeleteUnreferencedDocumentFiles()
    {
        if (_documentsDirectory is null || !Directory.Exists(_documentsDirectory))
        {
            return;
        }
        var live = _databases.Values.Select(DocumentsFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_documentsDirectory, "*.ndjson"))
        {
            var name = Path.GetFileName(file);
            if (!live.Contains(name))
            {
                File.Delete(file);
                lock (_savedVersions)
                {
                    _savedVersions.Remove(name);
                }
            }
        }
    }

    private static string DocumentsFileName(FirestoreDatabase database) =>
        $"{database.Project}~{Uri.EscapeDataString(database.DatabaseId)}.ndjson";

    /// <summary>A document path has an even number of non-empty segments (<c>jobs/abc</c>); odd is a collection.</summary>
    public static void ValidateDocumentPath(string path)
    {
        var segments = path.Split('/');
        if (segments.Length % 2 != 0 || segments.Any(s => s.Length == 0 || s is "." or ".." || s.StartsWith("__", StringComparison.Ordinal)))
        {
            throw GoogleErrors.InvalidArgument($"Document name \"{path}\" has invalid trailing or empty segments, or is a collection path.");
        }
    }

    public static void ValidateDatabaseId(string id)
    {
        if (id == DefaultDatabase)
        {
            return;
        }
        var valid = id.Length is >= 4 and <= 63 && char.IsAsciiLetterLower(id[0]) && !id.EndsWith('-')
            && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!valid)
        {
            throw GoogleErrors.InvalidArgument(
                $"Database ID '{id}' is not valid. Database ID must be 4-63 characters long, start with a letter, and contain only lowercase letters, numbers and hyphens.",
                [("database_id", "invalid format")]);
        }
    }
}
