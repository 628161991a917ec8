using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Builds a <see cref="JobFinderProject"/> from the files a Firebase repository already has
/// (firebase.json, .firebaserc, each codebase's functions, found from its code or its static functions.yaml,
/// its dotenv files) plus our optional
/// jobfinder.ops.json. Every problem is a <see cref="JobFinderException"/> with a stable ErrorId.</summary>
public static class ProjectLoader
{
    public const string FirebaseJsonFileName = "firebase.json";
    public const string FirebaseRcFileName = ".firebaserc";
    public const string DefaultFirestoreDatabase = "(default)";

    /// <param name="path">The repository folder, or its firebase.json.</param>
    /// <param name="environment">An alias from .firebaserc (<c>production</c>) or any project id (as
    /// <c>firebase deploy --project</c> takes it); null for the <c>default</c> alias.</param>
    /// <param name="events">Receives the discovery steps and their times (Verbose), predeploy output and
    /// warnings; null discards them.</param>
    public static JobFinderProject Load(string path, string? environment, IEngineEventSink? events = null) =>
        Load(path, environment, events, null, new HashSet<string>());

    /// <summary>As <see cref="Load(string, string?, IEngineEventSink?)"/>, with the project's Admin SDK
    /// configuration as read from Google (null: <see cref="FirebaseSdkDefaults.Assumed"/>);
    /// <paramref name="predeployRan"/> names the codebases whose predeploy commands already ran (a reload),
    /// which are not run again.</summary>
    internal static JobFinderProject Load(string path, string? environment, IEngineEventSink? events, FirebaseSdkDefaults? firebase, IReadOnlySet<string> predeployRan)
    {
        events ??= NullEventSink.Instance;
        var (root, firebaseJsonPath) = LocateFirebaseJson(path);
        var firebaseJson = FirebaseJsonReader.Read(firebaseJsonPath);
        var rcPath = Path.Combine(root, FirebaseRcFileName);
        var rc = File.Exists(rcPath) ? FirebaseRcReader.Read(rcPath) : FirebaseRc.Empty;
        var resolved = EnvironmentResolver.Resolve(rc, environment, File.Exists(rcPath) ? rcPath : root);
        var (alias, projectId) = (resolved.Alias, resolved.ProjectId);
        var opsPath = Path.Combine(root, OpsSettingsReader.FileName);
        var knownEnvironments = rc.Aliases.SelectMany(a => new[] { a.Alias, a.ProjectId }).Distinct().ToArray();
        var settings = File.Exists(opsPath)
            ? OpsSettingsReader.Read(opsPath, root, alias, projectId, knownEnvironments)
            : OpsSettingsReader.Defaults(projectId, root);
        var targets = rc.Targets.Where(t => t.ProjectId == projectId).ToArray();

        firebase ??= FirebaseSdkDefaults.Assumed(projectId);
        var codebases = firebaseJson.Codebases.Select(c => CodebaseLoader.Load(c, root, firebaseJsonPath, projectId, alias, settings.Region, firebase, predeployRan.Contains(c.Name), events)).ToArray();
        EnsureUniqueFunctionIds(codebases);
        ValidateSmokeFunctions(settings, codebases, opsPath);

        return new JobFinderProject
        {
            RootPath = root,
            FirebaseJsonPath = firebaseJsonPath,
            FirebaseRcPath = File.Exists(rcPath) ? rcPath : null,
            OpsSettingsPath = File.Exists(opsPath) ? opsPath : null,
            Environment = alias,
            ProjectId = projectId,
            ProjectIdListed = resolved.Listed,
            Region = settings.Region,
            Codebases = codebases,
            FirestoreDatabases = firebaseJson.Firestore.SelectMany(f => ResolveFirestore(f, root, firebaseJsonPath, projectId, targets)).ToArray(),
            StorageTargets = firebaseJson.Storage.SelectMany(s => ResolveStorage(s, root, firebaseJsonPath, projectId, targets)).ToArray(),
            Settings = settings,
            Aliases = rc.Aliases,
            DeployTargets = targets,
            OtherFirebaseKeys = firebaseJson.OtherKeys,
            FirebaseSdk = firebase,
        };
    }

    /// <summary>The aliases of the .firebaserc in <paramref name="path"/> (a folder or its firebase.json);
    /// empty when there is none. Used by the -Environment argument completer.</summary>
    public static IReadOnlyList<ProjectAlias> ReadAliases(string path)
    {
        var full = Path.GetFullPath(string.IsNullOrEmpty(path) ? "." : path);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? full;
        var rcPath = Path.Combine(folder, FirebaseRcFileName);
        return File.Exists(rcPath) ? FirebaseRcReader.Read(rcPath).Aliases : [];
    }

    private static (string Root, string FirebaseJson) LocateFirebaseJson(string path)
    {
        var full = Path.GetFullPath(string.IsNullOrEmpty(path) ? "." : path);
        var candidate = Directory.Exists(full) ? Path.Combine(full, FirebaseJsonFileName) : full;
        if (!File.Exists(candidate))
        {
            throw new JobFinderException("FirebaseJsonNotFound", ErrorKind.ObjectNotFound,
                $"No firebase.json at '{candidate}'. Point -Path at the repository folder that holds firebase.json.", candidate);
        }

        return (Path.GetDirectoryName(candidate)!, candidate);
    }

    private static IEnumerable<FirestoreDatabaseTarget> ResolveFirestore(FirestoreEntry entry, string root, string firebaseJsonPath, string projectId, IReadOnlyList<DeployTarget> targets)
    {
        var rules = ExistingFile(root, entry.Rules, "RulesFileNotFound", firebaseJsonPath, $"{entry.Field}.rules");
        var indexes = ExistingFile(root, entry.Indexes, "IndexesFileNotFound", firebaseJsonPath, $"{entry.Field}.indexes");
        var databases = entry.Target is null
            ? [entry.Database ?? DefaultFirestoreDatabase]
            : ResolveTarget(targets, "firestore", entry.Target, projectId, firebaseJsonPath);
        return databases.Select(d => new FirestoreDatabaseTarget(d, rules, indexes, entry.Location));
    }

    private static IEnumerable<StorageRulesTarget> ResolveStorage(StorageEntry entry, string root, string firebaseJsonPath, string projectId, IReadOnlyList<DeployTarget> targets)
    {
        var rules = ExistingFile(root, entry.Rules, "RulesFileNotFound", firebaseJsonPath, $"{entry.Field}.rules")!;
        if (entry.Target is null)
        {
            return [new StorageRulesTarget(entry.Bucket, null, rules)];
        }

        return ResolveTarget(targets, "storage", entry.Target, projectId, firebaseJsonPath).Select(b => new StorageRulesTarget(b, entry.Target, rules));
    }

    private static IReadOnlyList<string> ResolveTarget(IReadOnlyList<DeployTarget> targets, string kind, string name, string projectId, string firebaseJsonPath)
    {
        var target = targets.FirstOrDefault(t => t.Kind == kind && t.Name == name);
        if (target is null || target.Resources.Count == 0)
        {
            throw new JobFinderException("DeployTargetUnknown", ErrorKind.ObjectNotFound,
                $"firebase.json uses {kind} target '{name}', but .firebaserc maps no resource to it for project '{projectId}'.", name)
            { RecommendedAction = $"Run 'firebase target:apply {kind} {name} <resource>' for {projectId}, or edit .firebaserc targets." };
        }

        return target.Resources;
    }

    /// <summary>Absolute path of a file firebase.json references; a missing file is <paramref name="errorId"/>
    /// with the missing path as the target.</summary>
    internal static string? ExistingFile(string root, string? relative, string errorId, string firebaseJsonPath, string field)
    {
        if (relative is null)
        {
            return null;
        }

        var full = ResolvePath(root, relative, firebaseJsonPath, field);
        return File.Exists(full)
            ? full
            : throw new JobFinderException(errorId, ErrorKind.ObjectNotFound, $"{firebaseJsonPath} ({field}) names '{relative}', which does not exist at '{full}'.", full);
    }

    /// <summary>The absolute path of a folder or file firebase.json names. A value that cannot be a path
    /// (a NUL or another character the OS refuses) is FirebaseJsonInvalid naming the field, not the
    /// ArgumentException the path APIs throw (found by the loader fuzz test).</summary>
    internal static string ResolvePath(string root, string relative, string firebaseJsonPath, string field)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(root, relative));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new JobFinderConfigurationException("FirebaseJsonInvalid", $"'{field}' is not a usable path: {ex.Message}", firebaseJsonPath, field: field, inner: ex);
        }
    }

    private static void EnsureUniqueFunctionIds(IReadOnlyList<FunctionCodebase> codebases)
    {
        var clash = codebases.SelectMany(c => c.Functions).GroupBy(f => f.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            var where = string.Join(" and ", clash.Select(f => f.Codebase).Distinct());
            throw new JobFinderConfigurationException("FunctionsManifestMalformed",
                $"Function id '{clash.Key}' is declared more than once (codebases {where}); function ids must be unique in a project (case-insensitively: Cloud Run service names are lower case).",
                codebases.First(c => c.Name == clash.First().Codebase) is var first ? first.ManifestPath ?? first.SourceDirectory : null, field: clash.Key);
        }
    }

    private static void ValidateSmokeFunctions(OpsSettings settings, IReadOnlyList<FunctionCodebase> codebases, string opsPath)
    {
        var ids = codebases.SelectMany(c => c.Functions).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = settings.Smoke.Checks.FirstOrDefault(c => c.Function is not null && !ids.Contains(c.Function));
        if (unknown is not null)
        {
            throw new JobFinderConfigurationException("OpsSettingsInvalid",
                $"Smoke check '{unknown.Name}' calls function '{unknown.Function}', which no codebase declares. Known functions: {string.Join(", ", ids.Order(StringComparer.Ordinal))}.",
                opsPath, field: "smoke.checks");
        }
    }
}
