using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Rules;

internal sealed record StoredRuleset(string Project, string Id, JsonArray Files, DateTimeOffset CreateTime, IReadOnlyList<string> Services, string? AttachmentPoint)
{
    public string Name => $"projects/{Project}/rulesets/{Id}";
}

internal sealed record StoredRelease(string Project, string Id, string RulesetName, DateTimeOffset CreateTime, DateTimeOffset UpdateTime)
{
    public string Name => $"projects/{Project}/releases/{Id}";
}

/// <summary>Rulesets (immutable, server-named) and releases (named pointers to a ruleset) per project.
/// Each project starts with released Firestore and Storage rules, like a project firebase deploy has
/// already touched.</summary>
internal sealed class RulesStore : IPersistentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredRuleset> _rulesets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredRelease> _releases = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _projects;
    private readonly TimeProvider _time;
    private readonly Action _changed;

    public RulesStore(EmulatorContext context, TimeProvider time, IServiceProvider services)
    {
        _projects = context.ProjectIds;
        _time = time;
        // Resolved lazily: the persistence service itself depends on every persistent store.
        var persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
        _changed = () => persistence.Value.MarkDirty();
    }

    public string Name => "rules";

    public StoredRuleset CreateRuleset(string project, JsonArray files, IReadOnlyList<string> services, string? attachmentPoint)
    {
        var ruleset = new StoredRuleset(project, Guid.NewGuid().ToString(), (JsonArray)files.DeepClone(), _time.GetUtcNow(), services, attachmentPoint);
        lock (_gate)
        {
            _rulesets[ruleset.Name] = ruleset;
        }
        _changed();
        return ruleset;
    }

    public StoredRuleset GetRuleset(string name)
    {
        lock (_gate)
        {
            return _rulesets.GetValueOrDefault(name) ?? throw GoogleErrors.NotFound($"Ruleset '{name}' not found.");
        }
    }

    /// <summary>Newest first, as the service lists them.</summary>
    public IReadOnlyList<StoredRuleset> ListRulesets(string project)
    {
        lock (_gate)
        {
            return _rulesets.Values.Where(r => r.Project == project)
                .OrderByDescending(r => r.CreateTime).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        }
    }

    public void DeleteRuleset(string name)
    {
        lock (_gate)
        {
            var ruleset = _rulesets.GetValueOrDefault(name) ?? throw GoogleErrors.NotFound($"Ruleset '{name}' not found.");
            if (_releases.Values.FirstOrDefault(r => r.RulesetName == ruleset.Name) is { } release)
            {
                throw GoogleErrors.FailedPrecondition($"Cannot delete ruleset '{name}': it is referenced by release '{release.Name}'.");
            }
            _rulesets.Remove(name);
        }
        _changed();
    }

    public StoredRelease GetRelease(string name)
    {
        lock (_gate)
        {
            return _releases.GetValueOrDefault(name) ?? throw GoogleErrors.NotFound($"Release '{name}' not found.");
        }
    }

    public IReadOnlyList<StoredRelease> ListReleases(string project)
    {
        lock (_gate)
        {
            return _releases.Values.Where(r => r.Project == project).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }
    }

    public StoredRelease CreateRelease(string project, string id, string rulesetName)
    {
        StoredRelease release;
        lock (_gate)
        {
            RequireRuleset(project, rulesetName);
            var now = _time.GetUtcNow();
            release = new StoredRelease(project, id, rulesetName, now, now);
            if (!_releases.TryAdd(release.Name, release))
            {
                throw GoogleErrors.AlreadyExists($"Release '{release.Name}' already exists.");
            }
        }
        _changed();
        return release;
    }

    public StoredRelease UpdateRelease(string name, string rulesetName)
    {
        StoredRelease updated;
        lock (_gate)
        {
            var current = _releases.GetValueOrDefault(name) ?? throw GoogleErrors.NotFound($"Release '{name}' not found.");
            RequireRuleset(current.Project, rulesetName);
            updated = current with { RulesetName = rulesetName, UpdateTime = _time.GetUtcNow() };
            _releases[name] = updated;
        }
        _changed();
        return updated;
    }

    public void DeleteRelease(string name)
    {
        lock (_gate)
        {
            if (!_releases.Remove(name))
            {
                throw GoogleErrors.NotFound($"Release '{name}' not found.");
            }
        }
        _changed();
    }

    public JsonNode Save()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["rulesets"] = new JsonArray([.. _rulesets.Values.Select(r => (JsonNode)new JsonObject
                {
                    ["project"] = r.Project,
                    ["id"] = r.Id,
                    ["files"] = r.Files.DeepClone(),
                    ["createTime"] = GoogleJson.Timestamp(r.CreateTime),
                    ["services"] = new JsonArray([.. r.Services.Select(s => (JsonNode)s)]),
                    ["attachmentPoint"] = r.AttachmentPoint,
                })]),
                ["releases"] = new JsonArray([.. _releases.Values.Select(r => (JsonNode)new JsonObject
                {
                    ["project"] = r.Project,
                    ["id"] = r.Id,
                    ["rulesetName"] = r.RulesetName,
                    ["createTime"] = GoogleJson.Timestamp(r.CreateTime),
                    ["updateTime"] = GoogleJson.Timestamp(r.UpdateTime),
                })]),
            };
        }
    }

    public void Load(JsonNode state)
    {
        lock (_gate)
        {
            _rulesets.Clear();
            _releases.Clear();
            foreach (var r in state["rulesets"]!.AsArray())
            {
                GoogleJson.TryParseTimestamp((string?)r!["createTime"], out var created);
                var ruleset = new StoredRuleset((string)r["project"]!, (string)r["id"]!, (JsonArray)r["files"]!.DeepClone(), created,
                    r["services"]!.AsArray().Select(s => (string)s!).ToList(), (string?)r["attachmentPoint"]);
                _rulesets[ruleset.Name] = ruleset;
            }
            foreach (var r in state["releases"]!.AsArray())
            {
                GoogleJson.TryParseTimestamp((string?)r!["createTime"], out var created);
                GoogleJson.TryParseTimestamp((string?)r["updateTime"], out var updated);
                var release = new StoredRelease((string)r["project"]!, (string)r["id"]!, (string)r["rulesetName"]!, created, updated);
                _releases[release.Name] = release;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _rulesets.Clear();
            _releases.Clear();
            foreach (var project in _projects)
            {
                Seed(project, "firestore.rules", RulesSeedSources.Firestore, "cloud.firestore", "cloud.firestore");
                Seed(project, "storage.rules", RulesSeedSources.Storage, "firebase.storage", $"firebase.storage/{project}.appspot.com");
            }
        }
    }

    private void Seed(string project, string fileName, string content, string service, string releaseId)
    {
        var id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{project}/{releaseId}"))).ToString();
        var ruleset = new StoredRuleset(project, id, new JsonArray(new JsonObject { ["name"] = fileName, ["content"] = content }),
            RulesSeedSources.Epoch, [service], null);
        _rulesets[ruleset.Name] = ruleset;
        var release = new StoredRelease(project, releaseId, ruleset.Name, RulesSeedSources.Epoch, RulesSeedSources.Epoch);
        _releases[release.Name] = release;
    }

    private void RequireRuleset(string project, string rulesetName)
    {
        if (!rulesetName.StartsWith($"projects/{project}/rulesets/", StringComparison.Ordinal) || !_rulesets.ContainsKey(rulesetName))
        {
            throw GoogleErrors.NotFound($"Ruleset '{rulesetName}' not found.");
        }
    }
}

internal static class RulesSeedSources
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public const string Firestore = """
        rules_version = '2';
        service cloud.firestore {
          match /databases/{database}/documents {
            function isSignedIn() { return request.auth != null; }
            function isAdmin() { return isSignedIn() && get(/databases/$(database)/documents/users/$(request.auth.uid)).data.role == 'admin'; }
            match /jobs/{jobId} {
              allow read: if isSignedIn();
              allow create, update: if isSignedIn();
              allow delete: if isAdmin();
            }
            match /contentItems/{itemId} {
              allow read: if true;
              allow write: if isAdmin();
            }
            match /config/{docId} {
              allow read: if isSignedIn();
              allow write: if isAdmin();
            }
            match /users/{uid}/{document=**} {
              allow read, write: if request.auth.uid == uid;
            }
            match /{document=**} {
              allow read, write: if false;
            }
          }
        }
        """;

    public const string Storage = """
        rules_version = '2';
        service firebase.storage {
          match /b/{bucket}/o {
            match /generated/{path=**} {
              allow read: if request.auth != null;
              allow write: if false;
            }
            match /{allPaths=**} {
              allow read, write: if false;
            }
          }
        }
        """;
}
