using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Iam;
using JobFinder.Ops.Google.Scheduler;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Backup;

/// <summary>Reads what is live in a project from the APIs into a <see cref="LiveSnapshot"/>: every
/// function with its Cloud Run service and traffic split, the released rulesets with their source,
/// Firestore indexes and field overrides, alert policies and notification channels. Used by the backup
/// (to record a rollback point), the deployment (to record the previous state) and undo/rehearsal (to
/// compare live state with a backup's snapshot through <see cref="Compare"/>).</summary>
public sealed class LiveStateReader(GoogleRestClient client)
{
    /// <summary>Functions read at once; each costs a function and a service GET.</summary>
    private const int Concurrency = 8;

    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    /// <summary>The redacted snapshot only.</summary>
    public async Task<LiveSnapshot> ReadAsync(string projectId, SnapshotAreas areas = SnapshotAreas.All, string database = DatabaseName.Default, CancellationToken cancellationToken = default) =>
        (await CaptureAsync(projectId, areas, database, cancellationToken).ConfigureAwait(false)).Snapshot;

    /// <summary>The snapshot plus the full resources as JSON parts (for backup artifacts).</summary>
    public async Task<LiveStateCapture> CaptureAsync(string projectId, SnapshotAreas areas = SnapshotAreas.All, string database = DatabaseName.Default, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        var parts = new ConcurrentBag<SnapshotPart>();
        var takenAt = DateTimeOffset.UtcNow;
        var functions = Wants(areas, SnapshotAreas.Functions | SnapshotAreas.FunctionConfig | SnapshotAreas.Traffic)
            ? ReadFunctionsAsync(projectId, parts, cancellationToken) : Task.FromResult<IReadOnlyList<LiveFunction>>([]);
        var rules = Wants(areas, SnapshotAreas.RulesReleases)
            ? ReadRulesAsync(projectId, parts, cancellationToken) : Task.FromResult<IReadOnlyList<LiveRulesRelease>>([]);
        var firestore = Wants(areas, SnapshotAreas.Indexes | SnapshotAreas.FieldOverrides)
            ? ReadFirestoreAsync(new DatabaseName(projectId, database), parts, cancellationToken)
            : Task.FromResult<(IReadOnlyList<LiveIndex>, IReadOnlyList<LiveFieldOverride>)>(([], []));
        var monitoring = Wants(areas, SnapshotAreas.AlertPolicies | SnapshotAreas.NotificationChannels)
            ? ReadMonitoringAsync(projectId, parts, cancellationToken)
            : Task.FromResult<(IReadOnlyList<LiveAlertPolicy>, IReadOnlyList<LiveNotificationChannel>)>(([], []));
        await Task.WhenAll(functions, rules, firestore, monitoring).ConfigureAwait(false);

        var snapshot = new LiveSnapshot
        {
            ProjectId = projectId,
            TakenAt = takenAt,
            Functions = await functions.ConfigureAwait(false),
            RulesReleases = await rules.ConfigureAwait(false),
            Indexes = (await firestore.ConfigureAwait(false)).Item1,
            FieldOverrides = (await firestore.ConfigureAwait(false)).Item2,
            AlertPolicies = (await monitoring.ConfigureAwait(false)).Item1,
            NotificationChannels = (await monitoring.ConfigureAwait(false)).Item2,
        };
        client.Events.Verbose($"Live state of {projectId}: {snapshot.Functions.Count} functions, {snapshot.RulesReleases.Count} rules releases, " +
            $"{snapshot.Indexes.Count} indexes, {snapshot.FieldOverrides.Count} field overrides, {snapshot.AlertPolicies.Count} alert policies.");
        return new LiveStateCapture(snapshot, [.. parts.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    /// <summary>What differs between <paramref name="expected"/> (e.g. a backup's snapshot) and
    /// <paramref name="actual"/> (e.g. a fresh read), limited to <paramref name="areas"/>. Empty when equal.</summary>
    public static IReadOnlyList<SnapshotDifference> Compare(LiveSnapshot expected, LiveSnapshot actual, SnapshotAreas areas = SnapshotAreas.All) =>
        LiveSnapshotComparer.Compare(expected, actual, areas);

    /// <summary>Artifact name of a function's full configuration inside a backup.</summary>
    public static string FunctionArtifactName(string functionId) => $"functions/{functionId}.function.json";

    /// <summary>Artifact name of a function's source archive inside a backup.</summary>
    public static string SourceArtifactName(string functionId) => $"functions/{functionId}.source.zip";

    /// <summary>The function's source archive through generateDownloadUrl; null when the function has none
    /// to download (a repository source, or an archive the platform no longer keeps), which the snapshot
    /// records as "no source copy" rather than failing the backup.</summary>
    private static async Task<byte[]?> ReadSourceAsync(CloudFunctionsApi functions, FunctionName name, CancellationToken cancellationToken)
    {
        try
        {
            var url = await functions.GenerateDownloadUrlAsync(name, cancellationToken).ConfigureAwait(false);
            return url.DownloadUrl is { Length: > 0 } download ? await functions.DownloadSourceAsync(download, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
    }

    private static string? SourceLocationOf(Function function) =>
        function.BuildConfig?.Source?.StorageSource is { Bucket: { Length: > 0 } bucket, Object: { Length: > 0 } objectName } storage
            ? $"gs://{bucket}/{objectName}#{storage.Generation ?? 0}"
            : null;

    private static bool Wants(SnapshotAreas areas, SnapshotAreas any) => (areas & any) != 0;

    private async Task<IReadOnlyList<LiveFunction>> ReadFunctionsAsync(string projectId, ConcurrentBag<SnapshotPart> parts, CancellationToken cancellationToken)
    {
        var functionsApi = new CloudFunctionsApi(client);
        var runApi = new CloudRunApi(client);
        var all = new List<Function>();
        await foreach (var function in functionsApi.ListAsync(projectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            all.Add(function);
        }

        var results = new ConcurrentBag<LiveFunction>();
        var invokerApi = new RunInvokerApi(client);
        var schedulerApi = new CloudSchedulerApi(client);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (function, token) =>
        {
            var name = FunctionName.Parse(function.Name!);
            RunService? service = null;
            if (function.ServiceConfig?.Service is { Length: > 0 } serviceName)
            {
                service = await runApi.GetServiceAsync(RunServiceName.Parse(serviceName), token).ConfigureAwait(false);
                parts.Add(Part($"functions/{name.Function}.service.json", service, Types.RunService));
            }

            parts.Add(Part(FunctionArtifactName(name.Function), function, Types.Function));
            var described = Describe(name, function, service);
            // The invoker binding and the schedule job belong to the function as firebase deploy makes it.
            if (service?.Name is { } run)
            {
                var policy = await invokerApi.GetAsync(run, token).ConfigureAwait(false);
                parts.Add(Part($"functions/{name.Function}.iam.json", policy, Types.IamPolicy));
                described = described with { Invokers = RunInvokerApi.Invokers(policy) };
            }

            if (function.Labels?.GetValueOrDefault("deployment-scheduled") == "true"
                && await schedulerApi.FindAsync(FunctionCompanions.JobName(name.Project, name.Location, name.Function), token).ConfigureAwait(false) is { } job)
            {
                parts.Add(Part($"functions/{name.Function}.schedule.json", job, Types.SchedulerJob));
                described = described with { Schedule = $"{job.Schedule} ({job.TimeZone})" };
            }

            var source = await ReadSourceAsync(functionsApi, name, token).ConfigureAwait(false);
            if (source is not null)
            {
                parts.Add(new SnapshotPart(SourceArtifactName(name.Function), source));
            }

            results.Add(described with
            {
                SourceLocation = SourceLocationOf(function),
                SourceSha256 = source is null ? null : Sha256Streams.Hash(source),
                SourceArtifact = source is null ? null : SourceArtifactName(name.Function),
            });
        }).ConfigureAwait(false);
        return [.. results.OrderBy(f => f.ResourceName, StringComparer.Ordinal)];
    }

    private static LiveFunction Describe(FunctionName name, Function function, RunService? service)
    {
        var config = function.ServiceConfig;
        var traffic = (service?.Traffic ?? []).Select(t => new LiveTrafficTarget
        {
            Type = t.Type == TrafficTargetAllocationType.Latest ? "LATEST" : "REVISION",
            Revision = string.IsNullOrEmpty(t.Revision) ? null : t.Revision,
            Percent = t.Percent ?? 0,
            Tag = string.IsNullOrEmpty(t.Tag) ? null : t.Tag,
        }).ToArray();
        return new LiveFunction
        {
            Name = name.Function,
            ResourceName = name.ToString(),
            Region = name.Location,
            State = function.State?.ToString(),
            Runtime = function.BuildConfig?.Runtime,
            EntryPoint = function.BuildConfig?.EntryPoint,
            Url = function.Url ?? config?.Uri,
            Service = config?.Service,
            ServingRevision = ServingRevision(service) ?? config?.Revision,
            LatestReadyRevision = ShortId(service?.LatestReadyRevision),
            Traffic = traffic,
            EnvironmentVariableNames = [.. (config?.EnvironmentVariables?.Keys.AsEnumerable() ?? []).Order(StringComparer.Ordinal)],
            SecretReferences = [.. (config?.SecretEnvironmentVariables ?? [])
                .Select(s => $"{s.Key}=projects/{s.ProjectId}/secrets/{s.Secret}:{s.Version ?? "latest"}")
                .Order(StringComparer.Ordinal)],
            Labels = new SortedDictionary<string, string>(function.Labels ?? [], StringComparer.Ordinal),
            ConfigSha256 = FunctionConfigHash.Compute(function),
            ConfigArtifact = FunctionArtifactName(name.Function),
            ServiceArtifact = service is null ? null : $"functions/{name.Function}.service.json",
        };
    }

    /// <summary>The revision with the largest share, from the resolved traffic statuses (LATEST resolved
    /// to the latest ready revision).</summary>
    private static string? ServingRevision(RunService? service)
    {
        var top = service?.TrafficStatuses?.Where(s => (s.Percent ?? 0) > 0).OrderByDescending(s => s.Percent).FirstOrDefault();
        if (top is null)
        {
            return null;
        }

        return string.IsNullOrEmpty(top.Revision) ? ShortId(service!.LatestReadyRevision) : top.Revision;
    }

    private static string? ShortId(string? name) => string.IsNullOrEmpty(name) ? null : name[(name.LastIndexOf('/') + 1)..];

    private async Task<IReadOnlyList<LiveRulesRelease>> ReadRulesAsync(string projectId, ConcurrentBag<SnapshotPart> parts, CancellationToken cancellationToken)
    {
        var rules = new FirebaseRulesApi(client);
        var releases = new List<LiveRulesRelease>();
        var rulesets = new Dictionary<string, Ruleset>(StringComparer.Ordinal);
        await foreach (var release in rules.ListReleasesAsync(projectId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (string.IsNullOrEmpty(release.Name) || string.IsNullOrEmpty(release.RulesetName))
            {
                continue;
            }

            if (!rulesets.TryGetValue(release.RulesetName, out var ruleset))
            {
                ruleset = await rules.GetRulesetAsync(release.RulesetName, cancellationToken).ConfigureAwait(false);
                rulesets[release.RulesetName] = ruleset;
            }

            var releaseId = ReleaseName.Parse(release.Name).Release;
            var artifact = $"rules/{Sanitize(releaseId)}.ruleset.json";
            parts.Add(Part(artifact, ruleset, Types.Ruleset));
            releases.Add(new LiveRulesRelease
            {
                ReleaseName = release.Name,
                RulesetName = release.RulesetName,
                Service = releaseId.StartsWith(ReleaseName.Firestore, StringComparison.Ordinal) ? "firestore"
                    : releaseId.StartsWith("firebase.storage", StringComparison.Ordinal) ? "storage" : "other",
                Files = [.. (ruleset.Source?.Files ?? []).Select(f => new LiveRulesFile
                {
                    Name = f.Name ?? string.Empty,
                    Content = f.Content ?? string.Empty,
                    Sha256 = Sha256Streams.Hash(System.Text.Encoding.UTF8.GetBytes(f.Content ?? string.Empty)),
                })],
                RulesetArtifact = artifact,
            });
        }

        return [.. releases.OrderBy(r => r.ReleaseName, StringComparer.Ordinal)];
    }

    private async Task<(IReadOnlyList<LiveIndex>, IReadOnlyList<LiveFieldOverride>)> ReadFirestoreAsync(DatabaseName database, ConcurrentBag<SnapshotPart> parts, CancellationToken cancellationToken)
    {
        var firestore = new FirestoreAdminApi(client);
        var indexes = new List<FirestoreIndex>();
        await foreach (var index in firestore.ListIndexesAsync(database, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            indexes.Add(index);
        }

        var fields = new List<FirestoreField>();
        await foreach (var field in firestore.ListFieldsAsync(database, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            fields.Add(field);
        }

        parts.Add(new SnapshotPart($"firestore/{Sanitize(database.Database)}.indexes.json", JsonArrays(
            ("indexes", w => indexes.ForEach(i => JsonSerializer.Serialize(w, i, Types.FirestoreIndex))),
            ("fieldOverrides", w => fields.ForEach(f => JsonSerializer.Serialize(w, f, Types.FirestoreField))))));
        return (
            [.. indexes.Where(i => i.Name is not null).Select(FirestoreDescriptions.Index).OrderBy(i => i.Definition, StringComparer.Ordinal)],
            [.. fields.Where(f => f.Name is not null && !IsDefaultField(f)).Select(FirestoreDescriptions.Field).OrderBy(f => f.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The <c>__default__</c> field holds the database-wide single-field defaults, not an override.</summary>
    private static bool IsDefaultField(FirestoreField field) => field.Name!.EndsWith("/fields/*", StringComparison.Ordinal);

    private async Task<(IReadOnlyList<LiveAlertPolicy>, IReadOnlyList<LiveNotificationChannel>)> ReadMonitoringAsync(string projectId, ConcurrentBag<SnapshotPart> parts, CancellationToken cancellationToken)
    {
        var monitoring = new MonitoringApi(client);
        var policies = new List<AlertPolicy>();
        await foreach (var policy in monitoring.ListAlertPoliciesAsync(projectId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            policies.Add(policy);
        }

        var channels = new List<NotificationChannel>();
        await foreach (var channel in monitoring.ListNotificationChannelsAsync(projectId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            channels.Add(channel);
        }

        parts.Add(new SnapshotPart("monitoring/alert-policies.json", JsonArrays(("alertPolicies", w => policies.ForEach(p => JsonSerializer.Serialize(w, p, Types.AlertPolicy))))));
        parts.Add(new SnapshotPart("monitoring/notification-channels.json", JsonArrays(("notificationChannels", w => channels.ForEach(c => JsonSerializer.Serialize(w, c, Types.NotificationChannel))))));
        return (
            [.. policies.Where(p => p.Name is not null).Select(p => new LiveAlertPolicy
            {
                Name = p.Name!,
                DisplayName = p.DisplayName ?? p.Name!,
                Enabled = p.Enabled ?? true,
                Conditions = [.. (p.Conditions ?? []).Select(c => c.DisplayName ?? c.Name ?? string.Empty)],
                NotificationChannels = [.. p.NotificationChannels ?? []],
                DefinitionSha256 = Sha256Streams.Hash(JsonSerializer.SerializeToUtf8Bytes(
                    p with { Name = null, CreationRecord = null, MutationRecord = null, Conditions = p.Conditions?.Select(c => c with { Name = null }).ToList() }, Types.AlertPolicy)),
            }).OrderBy(p => p.DisplayName, StringComparer.Ordinal)],
            [.. channels.Where(c => c.Name is not null).Select(c => new LiveNotificationChannel
            {
                Name = c.Name!,
                Type = c.Type,
                DisplayName = c.DisplayName,
                Enabled = c.Enabled ?? true,
            }).OrderBy(c => c.Name, StringComparer.Ordinal)]);
    }

    private static SnapshotPart Part<T>(string name, T value, JsonTypeInfo<T> type) =>
        new(name, JsonSerializer.SerializeToUtf8Bytes(value, type));

    private static byte[] JsonArrays(params (string Name, Action<Utf8JsonWriter> WriteItems)[] arrays)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (name, writeItems) in arrays)
            {
                writer.WriteStartArray(name);
                writeItems(writer);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Release ids and database ids can hold <c>/</c>, <c>(</c>, <c>)</c>: keep file names plain.</summary>
    private static string Sanitize(string value) =>
        string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}
