using System.Text.RegularExpressions;

namespace JobFinder.Ops.Project;

/// <summary>Reads firebase.json in every shape firebase-tools accepts. Keys we do not act on
/// (hosting, emulators, remoteconfig, database, extensions...) are tolerated and listed.</summary>
internal static partial class FirebaseJsonReader
{
    public const string DefaultCodebase = "default";
    public const string DefaultSource = "functions";

    private static readonly ConfigErrorIds ErrorIds = new("FirebaseJsonMalformed", "FirebaseJsonInvalid", null);

    private static readonly string[] UsedKeys = ["functions", "firestore", "storage"];

    public static FirebaseJsonDocument Read(string path)
    {
        using var file = JsonConfigFile.Load(path, ErrorIds);
        var root = file.Root.RequireObject("the firebase.json configuration");
        var codebases = ReadCodebases(root.Property("functions"));
        var firestore = ReadFirestore(root.Property("firestore"));
        var storage = ReadStorage(root.Property("storage"));
        var others = root.PropertyNames.Where(n => !UsedKeys.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        return new FirebaseJsonDocument(codebases, firestore, storage, others);
    }

    private static IReadOnlyList<CodebaseEntry> ReadCodebases(JsonSection? functions)
    {
        if (functions is not { } section)
        {
            return [];
        }

        var single = !section.IsArray;
        var entries = single ? [section.RequireObject("a functions codebase")] : section.Items();
        var result = new List<CodebaseEntry>();
        foreach (var entry in entries)
        {
            entry.RequireObject("a functions codebase");
            var source = entry.String("source");
            if (source is null && !single)
            {
                throw entry.Error($"{entry.Describe()} needs a 'source' folder (every codebase in an array must name one).");
            }

            var name = entry.String("codebase") ?? DefaultCodebase;
            if (!CodebaseName().IsMatch(name))
            {
                throw entry.Property("codebase")!.Value.Error($"Codebase name '{name}' must be 1-63 characters of lowercase letters, digits, '-' and '_'.");
            }

            if (result.Any(c => c.Name == name))
            {
                throw entry.Error($"Codebase '{name}' is declared twice; give each codebase a distinct 'codebase' name.");
            }

            if (entry.Property("runtime") is { } runtime && !FunctionRuntimes.IsKnown(runtime.AsString()))
            {
                throw runtime.Error(
                    $"Runtime '{runtime.AsString()}' is not one this module deploys. Known runtimes: {string.Join(", ", FunctionRuntimes.Known)}.",
                    "FunctionsRuntimeUnknown");
            }

            result.Add(new CodebaseEntry(
                entry.Path,
                name,
                source ?? DefaultSource,
                source is null,
                entry.String("runtime"),
                entry.StringOrStrings("predeploy") ?? [],
                entry.StringOrStrings("postdeploy") ?? [],
                entry.StringOrStrings("ignore")));
        }

        return result;
    }

    private static IReadOnlyList<FirestoreEntry> ReadFirestore(JsonSection? firestore)
    {
        if (firestore is not { } section)
        {
            return [];
        }

        if (!section.IsArray)
        {
            section.RequireObject("the firestore configuration");
            return [new FirestoreEntry(section.Path, section.String("database"), null, section.String("rules"), section.String("indexes"), section.String("location"))];
        }

        return section.Items().Select(item =>
        {
            item.RequireObject("a firestore database");
            var database = item.String("database");
            var target = item.String("target");
            if (database is null == target is null)
            {
                throw item.Error($"{item.Describe()} must name exactly one of 'database' or 'target'.");
            }

            return new FirestoreEntry(item.Path, database, target, item.String("rules"), item.String("indexes"), item.String("location"));
        }).ToArray();
    }

    private static IReadOnlyList<StorageEntry> ReadStorage(JsonSection? storage)
    {
        if (storage is not { } section)
        {
            return [];
        }

        var single = !section.IsArray;
        var entries = single ? [section.RequireObject("the storage configuration")] : section.Items();
        return entries.Select(item =>
        {
            item.RequireObject("a storage rules entry");
            var rules = item.String("rules") ?? throw item.Error($"{item.Describe()} needs a 'rules' file.");
            var bucket = item.String("bucket");
            var target = item.String("target");
            if (!single && bucket is null == target is null)
            {
                throw item.Error($"{item.Describe()} must name exactly one of 'bucket' or 'target'.");
            }

            return new StorageEntry(item.Path, bucket, target, rules);
        }).ToArray();
    }

    // firebase-tools' codebase rule: lowercase letters, digits, dashes and underscores, up to 63.
    [GeneratedRegex("^[a-z0-9_-]{1,63}$")]
    private static partial Regex CodebaseName();
}
