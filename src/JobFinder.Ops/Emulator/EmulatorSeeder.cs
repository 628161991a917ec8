using System.Text.Json;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Emulator;

/// <summary>Makes a fresh emulator a twin of the project a backup was taken of, through the regular
/// APIs only (so it would work against any project): each function recreated from its config artifact
/// with as many revisions as its split names and the split itself (revision names mapped, tags and
/// shares kept); each rules release pointed at a ruleset made from the recorded source; the composite
/// indexes; notification channels and alert policies; and the documents, by copying the export's
/// objects from the backup's bucket (through <paramref name="source"/>) into the emulator and importing
/// them. A rehearsal then runs against production's shape, not the example's.</summary>
public sealed class EmulatorSeeder(GoogleRestClient target, GoogleRestClient? source)
{
    private const string AlertPoliciesArtifact = "monitoring/alert-policies.json";
    private const string ChannelsArtifact = "monitoring/notification-channels.json";

    /// <summary>Seeds the emulator <paramref name="target"/> connects to, reading the backup's bucket
    /// through a connection made with <paramref name="sourceOptions"/> (the session's settings before the
    /// emulator started). When that connection cannot be made, only what is on disk is seeded.</summary>
    public static async Task<EmulatorSeederResult> SeedFromSessionAsync(BackupManifest backup, GoogleClientOptions? sourceOptions, GoogleConnection target, IEngineEventSink events, CancellationToken cancellationToken)
    {
        GoogleConnection? source = null;
        if (sourceOptions is not null)
        {
            try
            {
                source = await GoogleConnection.ConnectAsync(sourceOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Errors.JobFinderException or InvalidOperationException or IOException or HttpRequestException)
            {
                events.Warning($"Cannot connect to where backup {backup.Id} was taken ({ex.Message}); seeding from its local copy only.");
            }
        }

        try
        {
            var seeder = new EmulatorSeeder(new GoogleRestClient(target, events), source is null ? null : new GoogleRestClient(source, events));
            return await seeder.SeedAsync(backup, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            source?.Dispose();
        }
    }

    public async Task<EmulatorSeederResult> SeedAsync(BackupManifest backup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var snapshot = backup.Snapshot ?? throw new Errors.JobFinderException("SeedSnapshotMissing", Errors.ErrorKind.InvalidData, $"Backup {backup.Id} holds no live snapshot to seed from.", backup.Id);
        var artifacts = new EmulatorSeederArtifacts(backup, source);
        var skipped = new List<string>();
        var result = new EmulatorSeederResult { BackupId = backup.Id, ProjectId = backup.ProjectId };
        target.Events.Verbose($"Seeding the emulator with backup {backup.Id} of {backup.ProjectId}.");

        var revisions = 0;
        foreach (var function in snapshot.Functions)
        {
            revisions += await SeedFunctionAsync(target, backup, function, cancellationToken).ConfigureAwait(false);
        }

        var rules = await SeedRulesAsync(target, snapshot, cancellationToken).ConfigureAwait(false);
        var indexes = await SeedIndexesAsync(target, backup.ProjectId, artifacts, cancellationToken).ConfigureAwait(false);
        var (channels, policies) = await SeedMonitoringAsync(target, backup.ProjectId, artifacts, skipped, cancellationToken).ConfigureAwait(false);
        var documents = await SeedDocumentsAsync(target, backup, skipped, cancellationToken).ConfigureAwait(false);
        if (snapshot.FieldOverrides.Count > 0)
        {
            skipped.Add($"{snapshot.FieldOverrides.Count} field override(s) (single-field index settings) are not seeded");
        }

        result = result with
        {
            Functions = snapshot.Functions.Count,
            Revisions = revisions,
            RulesReleases = rules,
            Indexes = indexes,
            NotificationChannels = channels,
            AlertPolicies = policies,
            Documents = documents,
            Skipped = skipped,
        };
        target.Events.Verbose($"Seeded {result}.");
        return result;
    }

    /// <summary>Creates the function, then one more revision per further revision its split names
    /// (oldest first, the latest ready one last so LATEST means the same), then sets the split.</summary>
    private static async Task<int> SeedFunctionAsync(GoogleRestClient client, BackupManifest backup, LiveFunction function, CancellationToken cancellationToken)
    {
        var saved = await new BackupService(client).ReadFunctionConfigAsync(backup, function.Name, cancellationToken).ConfigureAwait(false);
        var name = FunctionName.Parse(function.ResourceName);
        var functions = new CloudFunctionsApi(client);
        var body = FunctionRestorer.Creatable(saved, name);
        await TwinSecrets.PrepareAsync(client, name.Project, body, cancellationToken).ConfigureAwait(false);
        body = await WithBackedUpSourceAsync(client, functions, backup, function, name, body, cancellationToken).ConfigureAwait(false);
        var created = await functions.WaitForFunctionAsync(await functions.CreateAsync(name, body, cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        await FunctionRestorer.RestoreInvokersAsync(client, backup, function.Name, saved, created.ServiceConfig?.Service, cancellationToken).ConfigureAwait(false);

        var named = function.Traffic.Where(t => t.Type == "REVISION" && t.Revision is not null).Select(t => t.Revision!).Distinct(StringComparer.Ordinal)
            .Where(r => r != function.LatestReadyRevision).Order(StringComparer.Ordinal).ToList();
        if (function.LatestReadyRevision is { } latest)
        {
            named.Add(latest);
        }

        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var current = created;
        for (var i = 0; i < named.Count; i++)
        {
            if (i > 0)
            {
                var patch = body with { ServiceConfig = body.ServiceConfig is null ? null : body.ServiceConfig with { AllTrafficOnLatestRevision = false } };
                current = await functions.WaitForFunctionAsync(await functions.PatchAsync(patch, null, cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            mapping[named[i]] = current.ServiceConfig?.Revision ?? throw new Errors.JobFinderException("SeedFunctionFailed", Errors.ErrorKind.InvalidData, $"{function.Name}: the emulator reported no revision.", function.Name);
        }

        if (current.ServiceConfig?.Service is { } service && function.Traffic.Count > 0)
        {
            var split = function.Traffic.Select(t => new TrafficTarget
            {
                Type = t.Type == "LATEST" ? TrafficTargetAllocationType.Latest : TrafficTargetAllocationType.Revision,
                Revision = t.Type == "LATEST" ? null : t.Revision is { } old && mapping.TryGetValue(old, out var mapped) ? mapped : t.Revision,
                Percent = t.Percent,
                Tag = t.Tag,
            }).ToArray();
            await new TrafficController(client).SetAsync(service, split, "seed the backup's split", cancellationToken).ConfigureAwait(false);
        }

        client.Events.Verbose($"Seeded {function.Name}: {string.Join(", ", mapping.Select(m => $"{m.Key} as {m.Value}"))}.");
        return mapping.Count;
    }

    /// <summary>
    /// The twin serves the code production served: the backup keeps a copy of each function's source
    /// archive (the saved <c>storageSource</c> points at an upload bucket of the original project, which the
    /// twin does not have), uploaded here as the new function's source. A backup taken before sources were
    /// recorded cannot make a twin that runs production's code, and says so.
    /// </summary>
    private static async Task<Function> WithBackedUpSourceAsync(GoogleRestClient client, CloudFunctionsApi functions, BackupManifest backup, LiveFunction function, FunctionName name, Function body, CancellationToken cancellationToken)
    {
        if (function.SourceArtifact is not { } artifact)
        {
            throw new Errors.JobFinderException("BackupHasNoSource", Errors.ErrorKind.InvalidData,
                $"Backup {backup.Id} holds no copy of function '{function.Name}''s code (it was taken before backups recorded sources), so a twin cannot serve production's code. Take a new backup with Backup-JobFinderProduction and start the twin from it.",
                function.Name);
        }

        var archive = await new BackupService(client).ReadArtifactAsync(backup, artifact, cancellationToken).ConfigureAwait(false);
        var upload = await functions.GenerateUploadUrlAsync(name.Project, name.Location, cancellationToken: cancellationToken).ConfigureAwait(false);
        await functions.UploadSourceAsync(upload.UploadUrl!, archive, cancellationToken).ConfigureAwait(false);
        var build = body.BuildConfig ?? new BuildConfig();
        return body with { BuildConfig = build with { Source = new FunctionSource { StorageSource = upload.StorageSource } } };
    }

    private static async Task<int> SeedRulesAsync(GoogleRestClient client, LiveSnapshot snapshot, CancellationToken cancellationToken)
    {
        var rules = new FirebaseRulesApi(client);
        var releaser = new RulesReleaser(client);
        foreach (var release in snapshot.RulesReleases)
        {
            var ruleset = await rules.CreateRulesetAsync(snapshot.ProjectId, new Ruleset
            {
                Source = new RulesSource { Files = [.. release.Files.Select(f => new RulesFile { Name = f.Name, Content = f.Content })] },
            }, cancellationToken).ConfigureAwait(false);
            await releaser.RestoreAsync(new RulesReleaseRecord { Service = release.Service, ReleaseName = release.ReleaseName, File = release.Files.FirstOrDefault()?.Name ?? "", PreviousRuleset = ruleset.Name, Released = true }, cancellationToken).ConfigureAwait(false);
        }

        return snapshot.RulesReleases.Count;
    }

    private static async Task<int> SeedIndexesAsync(GoogleRestClient client, string projectId, EmulatorSeederArtifacts artifacts, CancellationToken cancellationToken)
    {
        var firestore = new FirestoreAdminApi(client);
        var count = 0;
        foreach (var name in artifacts.Named(n => n.StartsWith("firestore/", StringComparison.Ordinal) && n.EndsWith(".indexes.json", StringComparison.Ordinal)))
        {
            using var document = JsonDocument.Parse(await artifacts.ReadAsync(name, cancellationToken).ConfigureAwait(false));
            foreach (var element in document.RootElement.GetProperty("indexes").EnumerateArray())
            {
                var index = element.Deserialize(GoogleJsonContext.Default.FirestoreIndex);
                if (index?.Name is not { } indexName)
                {
                    continue;
                }

                // projects/P/databases/D/collectionGroups/CG/indexes/ID
                var parts = indexName.Split('/');
                var database = new DatabaseName(projectId, parts[3]);
                try
                {
                    var operation = await firestore.CreateIndexAsync(database, parts[5], index with { Name = null, State = null }, cancellationToken).ConfigureAwait(false);
                    await firestore.WaitForIndexAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (GoogleApiException ex) when (ex.HttpStatus == 409)
                {
                    // The emulator's seeded indexes are the example's; the same index is already there.
                }

                count++;
            }
        }

        return count;
    }

    private static async Task<(int Channels, int Policies)> SeedMonitoringAsync(GoogleRestClient client, string projectId, EmulatorSeederArtifacts artifacts, List<string> skipped, CancellationToken cancellationToken)
    {
        var monitoring = new MonitoringApi(client);
        var channelNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (await artifacts.ReadAsync(ChannelsArtifact, cancellationToken).ConfigureAwait(false) is { } channelsJson)
        {
            using var document = JsonDocument.Parse(channelsJson);
            foreach (var element in document.RootElement.GetProperty("notificationChannels").EnumerateArray())
            {
                var channel = element.Deserialize(GoogleJsonContext.Default.NotificationChannel)!;
                try
                {
                    var created = await monitoring.CreateNotificationChannelAsync(projectId, channel with { Name = null, CreationRecord = null, MutationRecords = null, VerificationStatus = null }, cancellationToken).ConfigureAwait(false);
                    channelNames[channel.Name!] = created.Name!;
                }
                catch (GoogleApiException ex) when (ex.HttpStatus == 400)
                {
                    // Secret labels come back obscured from the API, and some types refuse that.
                    skipped.Add($"notification channel {channel.DisplayName}: {ex.ApiMessage}");
                }
            }
        }

        var policies = 0;
        if (await artifacts.ReadAsync(AlertPoliciesArtifact, cancellationToken).ConfigureAwait(false) is { } policiesJson)
        {
            using var document = JsonDocument.Parse(policiesJson);
            foreach (var element in document.RootElement.GetProperty("alertPolicies").EnumerateArray())
            {
                var policy = element.Deserialize(GoogleJsonContext.Default.AlertPolicy)!;
                var body = policy with
                {
                    Name = null,
                    CreationRecord = null,
                    MutationRecord = null,
                    Conditions = policy.Conditions?.Select(c => c with { Name = null }).ToList(),
                    NotificationChannels = policy.NotificationChannels?.Where(channelNames.ContainsKey).Select(c => channelNames[c]).ToList(),
                };
                await monitoring.CreateAlertPolicyAsync(projectId, body, cancellationToken).ConfigureAwait(false);
                policies++;
            }
        }

        client.Events.Verbose($"Seeded {channelNames.Count} notification channel(s) and {policies} alert policies.");
        return (channelNames.Count, policies);
    }

    /// <summary>The export's objects copied from the backup's bucket into the emulator's, then imported.</summary>
    private async Task<long> SeedDocumentsAsync(GoogleRestClient client, BackupManifest backup, List<string> skipped, CancellationToken cancellationToken)
    {
        var export = backup.FirestoreExport;
        if (export.State != "SUCCESSFUL")
        {
            skipped.Add($"documents: the backup's export is {export.State}");
            return 0;
        }

        if (source is null)
        {
            skipped.Add($"documents: no connection to read {export.OutputUriPrefix} from (connect to the backup's project first)");
            return 0;
        }

        var from = new StorageApi(source);
        var to = new StorageApi(client);
        var prefix = GcsUri.Parse(export.OutputUriPrefix);
        await EnsureBucketAsync(to, backup.ProjectId, prefix.Bucket, cancellationToken).ConfigureAwait(false);
        var copied = 0;
        await foreach (var item in from.ListObjectsAsync(prefix.Bucket, prefix.ObjectName.TrimEnd('/') + "/", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await from.DownloadToAsync(prefix.Bucket, item.Name!, buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            await to.InsertObjectAsync(prefix.Bucket, item.Name!, buffer.ToArray(), item.ContentType ?? "application/octet-stream", cancellationToken: cancellationToken).ConfigureAwait(false);
            copied++;
        }

        client.Events.Verbose($"Copied {copied} export object(s) of {export.OutputUriPrefix}; importing them.");
        var runner = new FirestoreExportRunner(client);
        var database = new DatabaseName(backup.ProjectId, export.Database);
        var operation = await runner.StartImportAsync(database, export.OutputUriPrefix, export.CollectionIds, cancellationToken).ConfigureAwait(false);
        var imported = await runner.WaitAsync(operation, export.Database, export.OutputUriPrefix, export.CollectionIds, cancellationToken).ConfigureAwait(false);
        if (imported.State != "SUCCESSFUL")
        {
            throw FirestoreExportRunner.Failure("SeedImportFailed", imported, $"Seeding backup {backup.Id}: the Firestore import");
        }

        return imported.Documents;
    }

    private static async Task EnsureBucketAsync(StorageApi storage, string projectId, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await storage.GetBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            await storage.InsertBucketAsync(projectId, new Bucket { Name = bucket }, cancellationToken).ConfigureAwait(false);
        }
    }
}
