using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.FirebaseStorage;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Iam;
using JobFinder.Ops.Google.Scheduler;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Rollout;

/// <summary>Compares what the project's source says with what is live and produces the plan. Reads
/// only (function list, releases, rulesets, indexes, and the rules compiler <c>projects.test</c>, a
/// read), so <c>-WhatIf</c> can run it: zero mutating calls.</summary>
internal sealed class DeploymentPlanner(GoogleRestClient client)
{
    private readonly CloudFunctionsApi _functions = new(client);
    private readonly FirebaseRulesApi _rules = new(client);
    private readonly FirebaseStorageApi _storage = new(client);
    private readonly FirestoreAdminApi _firestore = new(client);
    private readonly FirebaseEnvironment _firebase = new(client);

    public async Task<PreparedDeployment> PrepareAsync(JobFinderProject project, DeploymentTargets targets, RolloutStrategy strategy, IReadOnlyList<int> steps, TimeSpan bake, Func<string, bool> mayDeleteFunction, bool pruneIndexes, CancellationToken cancellationToken)
    {
        foreach (var unmatched in targets.UnmatchedFunctionFilters(project))
        {
            client.Events.Warning($"-Only {unmatched} names no function of the project's source; only a live function of that name can be affected (deleted with -PruneFunctions).");
        }

        if (targets.AnyFunctions)
        {
            project = await WithFirebaseConfigAsync(project, cancellationToken).ConfigureAwait(false);
        }

        var workDirectory = Path.Combine(Path.GetTempPath(), "jobfinder-ops", "deploy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(workDirectory);
        try
        {
            var rules = await PlanRulesAsync(project, targets, cancellationToken).ConfigureAwait(false);
            var indexes = await PlanIndexesAsync(project, targets, pruneIndexes, cancellationToken).ConfigureAwait(false);
            var (fields, notDeployed) = await PlanFieldOverridesAsync(project, targets, cancellationToken).ConfigureAwait(false);
            var (functions, archives) = targets.AnyFunctions
                ? await PlanFunctionsAsync(project, targets, mayDeleteFunction, workDirectory, cancellationToken).ConfigureAwait(false)
                : ([], new Dictionary<string, SourceArchive>());
            var plan = new DeploymentPlan
            {
                ProjectId = project.ProjectId,
                Environment = project.Environment,
                Strategy = strategy,
                TrafficSteps = steps,
                BakeTime = bake,
                Only = targets.Text,
                Functions = functions.Select(f => f.Change).ToArray(),
                Rules = rules.Select(r => r.Change).ToArray(),
                Indexes = indexes.Select(i => i.Change).ToArray(),
                FieldOverrides = fields.Select(f => f.Change).ToArray(),
                NotDeployed = notDeployed,
            };
            return new PreparedDeployment
            {
                Plan = plan,
                Project = project,
                Archives = archives,
                Functions = functions,
                Rules = rules,
                Indexes = indexes,
                FieldOverrides = fields,
                WorkDirectory = workDirectory,
            };
        }
        catch
        {
            TryDelete(workDirectory);
            throw;
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans temp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task<(IReadOnlyList<FunctionWork>, IReadOnlyDictionary<string, SourceArchive>)> PlanFunctionsAsync(
        JobFinderProject project, DeploymentTargets targets, Func<string, bool> mayDeleteFunction, string workDirectory, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProjectFunction> selected = project.Functions.Where(f => targets.Includes(f.Codebase, f.Id)).ToArray();
        if (selected.FirstOrDefault(f => f.NotDeployable.Count > 0) is { } refused)
        {
            // Never deploy half a function (a task queue without its queue, a VPC setting dropped).
            throw new JobFinderException("FunctionNotDeployable", ErrorKind.InvalidOperation,
                $"Function '{refused.Id}' of codebase '{refused.Codebase}' cannot be deployed by JobFinder.Ops yet: {string.Join("; ", refused.NotDeployable)}. Nothing was deployed.", refused.Id)
            { RecommendedAction = $"Leave it out with -Only (for example -Only functions:{refused.Codebase}), or deploy it with firebase deploy --only functions:{refused.Id}." };
        }

        selected = await SecretPinner.PinAsync(client, project.ProjectId, selected, cancellationToken).ConfigureAwait(false);
        // Before the source hash: a new FIREBASE_CONFIG (the default bucket set up or changed) is a change to deploy.
        selected = FirebaseEnvironment.Apply(selected, await _firebase.ConfigAsync(project.ProjectId, cancellationToken).ConfigureAwait(false), project.ProjectId);
        var regions = selected.SelectMany(f => f.Regions).Append(project.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var live = new Dictionary<(string Region, string Id), Function>();
        foreach (var region in regions)
        {
            client.Events.Verbose($"Listing gen2 functions of {project.ProjectId} in {region}.");
            await foreach (var function in _functions.ListAsync(project.ProjectId, region, "environment=\"GEN_2\"", cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var name = FunctionName.Parse(function.Name!);
                live[(name.Location, name.Function)] = function;
            }
        }

        var packager = new SourcePackager(events: client.Events);
        var archives = new Dictionary<string, SourceArchive>(StringComparer.Ordinal);
        foreach (var codebase in project.Codebases.Where(c => c.Functions.Any(f => targets.Includes(f.Codebase, f.Id))))
        {
            client.Events.Verbose($"Packaging codebase '{codebase.Name}' from {codebase.SourceDirectory}.");
            archives[codebase.Name] = await packager.PackageAsync(codebase, Path.Combine(workDirectory, codebase.Name + ".zip"), cancellationToken).ConfigureAwait(false);
        }

        var work = new List<FunctionWork>();
        foreach (var function in selected)
        {
            var hash = SourceHasher.Compute(archives[function.Codebase], function);
            foreach (var region in function.Regions)
            {
                live.Remove((region, function.Id), out var existing);
                var change = ChangeOf(function, region, hash, existing);
                var companions = await CompanionDifferencesAsync(project.ProjectId, region, function, existing, cancellationToken).ConfigureAwait(false);
                work.Add(new FunctionWork(companions.Count == 0 ? change : change with { Differences = [.. change.Differences, .. companions] }, function, existing));
            }
        }

        foreach (var ((region, id), existing) in live.OrderBy(kv => kv.Key.Id, StringComparer.Ordinal))
        {
            if (!FunctionSpecBuilder.IsManaged(existing) || !targets.Includes(null, id) || project.Functions.Any(f => f.Id == id && f.Regions.Contains(region) && !targets.Includes(f.Codebase, id)))
            {
                continue;
            }

            var delete = mayDeleteFunction(id);
            var action = delete ? PlannedChangeAction.Delete : PlannedChangeAction.Extra;
            work.Add(new FunctionWork(new PlannedFunctionChange
            {
                FunctionId = id,
                Region = region,
                Action = action,
                LiveSourceHash = existing.Labels?.GetValueOrDefault(SourceHasher.LabelKey),
                LiveRevision = existing.ServiceConfig?.Revision,
                Differences = [delete ? "not in the source: deleted after a successful rollout" : "not in the source: kept (use -PruneFunctions to delete it)"],
            }, null, existing));
        }

        return (work, archives);
    }

    /// <summary>The project as firebase deploy would see it: its functions discovered and their built-in params
    /// (STORAGE_BUCKET, DATABASE_URL) resolved with the project's real adminSdkConfig. Loading reads nothing
    /// remote and assumes <c>&lt;project&gt;.appspot.com</c>; when Google says otherwise (a project made since
    /// October 2024 has <c>&lt;project&gt;.firebasestorage.app</c>) the repository is loaded again with the real
    /// configuration (the predeploy commands that ran for the first load are not run again), so code and
    /// params never see a guessed bucket.</summary>
    private async Task<JobFinderProject> WithFirebaseConfigAsync(JobFinderProject project, CancellationToken cancellationToken)
    {
        var config = await _firebase.ConfigAsync(project.ProjectId, cancellationToken).ConfigureAwait(false);
        var real = new FirebaseSdkDefaults(config.ToFirebaseConfig(), config.StorageBucket, config.DatabaseUrl);
        if (project.FirebaseSdk is { } used && used.Json == real.Json)
        {
            return project;
        }

        client.Events.Verbose($"The project was loaded assuming FIREBASE_CONFIG {project.FirebaseSdk?.Json ?? "(none)"}; {project.ProjectId}'s adminSdkConfig is {real.Json}: loading the repository again with it.");
        var predeployRan = project.Codebases.Where(c => c.PredeployRan).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return ProjectLoader.Load(project.RootPath, project.Environment ?? project.ProjectId, client.Events, real, predeployRan);
    }

    /// <summary>What the deployment will do to the function's invoker binding and schedule job (reads only):
    /// a new binding or job, or one whose members, schedule or time zone change.</summary>
    private async Task<IReadOnlyList<string>> CompanionDifferencesAsync(string projectId, string region, ProjectFunction function, Function? live, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var account = live?.ServiceConfig?.ServiceAccountEmail ?? function.ServiceAccount ?? "(default compute service account)";
        if (FunctionCompanions.InvokersFor(function, live is null, projectId, account) is { Count: > 0 } members)
        {
            var before = live?.ServiceConfig?.Service is { } service
                ? RunInvokerApi.Invokers(await new RunInvokerApi(client).GetAsync(service, cancellationToken).ConfigureAwait(false))
                : [];
            if (!before.SequenceEqual(members.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                lines.Add($"invoker (roles/run.invoker): [{string.Join(", ", before)}] -> [{string.Join(", ", members)}]");
            }
        }

        if (function.TriggerKind == FunctionTriggerKind.Schedule)
        {
            var jobName = FunctionCompanions.JobName(projectId, region, function.Id);
            var job = live is null ? null : await new CloudSchedulerApi(client).FindAsync(jobName, cancellationToken).ConfigureAwait(false);
            var wanted = $"{function.TriggerDetail} ({function.ScheduleTimeZone ?? "UTC"})";
            if (job is null)
            {
                lines.Add($"schedule: new Cloud Scheduler job {jobName[(jobName.LastIndexOf('/') + 1)..]}, {wanted}");
            }
            else if ($"{job.Schedule} ({job.TimeZone})" != wanted)
            {
                lines.Add($"schedule: {job.Schedule} ({job.TimeZone}) -> {wanted}");
            }
        }

        return lines;
    }

    private static PlannedFunctionChange ChangeOf(ProjectFunction function, string region, string hash, Function? live)
    {
        var liveHash = live?.Labels?.GetValueOrDefault(SourceHasher.LabelKey);
        // GetFunction reports allTrafficOnLatestRevision=false when the latest revision does not serve
        // 100%: after an automatic rollback, an undo or a stopped deployment the function's configuration
        // (and its source-hash label) is the release that was taken back, while users are on an older
        // revision. The same release is then not "unchanged": it has to be rolled out again.
        var servesOlderRevision = live?.ServiceConfig?.AllTrafficOnLatestRevision == false;
        var action = live is null ? PlannedChangeAction.Create
            : liveHash == hash && live.State == FunctionState.Active && !servesOlderRevision ? PlannedChangeAction.Unchanged
            : PlannedChangeAction.Update;
        var differences = live is null ? ["new function"]
            : action == PlannedChangeAction.Unchanged ? []
            : live.State != FunctionState.Active && liveHash == hash ? [$"state {live.State}: redeployed"]
            : servesOlderRevision && liveHash == hash ? ["traffic: the latest revision does not serve 100% (a rollback, an undo or a stopped deployment): rolled out again"]
            : FunctionSpecBuilder.Differences(live, function, hash);
        return new PlannedFunctionChange
        {
            FunctionId = function.Id,
            Region = region,
            Codebase = function.Codebase,
            Action = action,
            SourceHash = hash,
            LiveSourceHash = liveHash,
            LiveRevision = live?.ServiceConfig?.Revision,
            Differences = differences,
            Environment = function.RedactedEnvironment,
        };
    }

    private async Task<IReadOnlyList<RulesWork>> PlanRulesAsync(JobFinderProject project, DeploymentTargets targets, CancellationToken cancellationToken)
    {
        var files = new List<(string Service, ReleaseName Release, string Path)>();
        if (targets.FirestoreRules)
        {
            files.AddRange(project.FirestoreDatabases.Where(d => d.RulesPath is not null).Select(d => (
                "firestore",
                new ReleaseName(project.ProjectId, d.Database == DatabaseName.Default ? ReleaseName.Firestore : $"{ReleaseName.Firestore}/{d.Database}"),
                d.RulesPath!)));
        }

        if (targets.StorageRules)
        {
            foreach (var storage in project.StorageTargets)
            {
                var bucket = storage.Bucket ?? await DefaultStorageBucketAsync(project, storage.RulesPath, cancellationToken).ConfigureAwait(false);
                files.Add(("storage", ReleaseName.ForStorage(project.ProjectId, bucket), storage.RulesPath));
            }
        }

        var work = new List<RulesWork>();
        foreach (var (service, release, path) in files)
        {
            var relative = Path.GetRelativePath(project.RootPath, path).Replace(Path.DirectorySeparatorChar, '/');
            var source = new RulesSource { Files = [new RulesFile { Name = relative, Content = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) }] };
            await CompileAsync(project, path, source, cancellationToken).ConfigureAwait(false);
            var current = await TryGetReleaseAsync(release, cancellationToken).ConfigureAwait(false);
            var action = PlannedChangeAction.Create;
            if (current?.RulesetName is { } rulesetName)
            {
                var ruleset = await _rules.GetRulesetAsync(rulesetName, cancellationToken).ConfigureAwait(false);
                action = SameSource(ruleset.Source, source) ? PlannedChangeAction.Unchanged : PlannedChangeAction.Update;
            }

            work.Add(new RulesWork(new PlannedRulesChange
            {
                Service = service,
                ReleaseName = release.ToString(),
                File = relative,
                Action = action,
                CurrentRuleset = current?.RulesetName,
            }, source));
        }

        return work;
    }

    /// <summary><c>projects.test</c> without a test suite: every issue of the source. An ERROR stops the
    /// deployment here, before any mutating call, with the first error's file:line:column.</summary>
    private async Task CompileAsync(JobFinderProject project, string path, RulesSource source, CancellationToken cancellationToken)
    {
        client.Events.Verbose($"Compiling {path} with projects.test.");
        var result = await _rules.TestAsync(project.ProjectId, source, cancellationToken).ConfigureAwait(false);
        var issues = result.Issues ?? [];
        foreach (var warning in issues.Where(i => i.Severity != RulesIssueSeverity.Error))
        {
            client.Events.Warning($"{path}:{warning.SourcePosition?.Line}:{warning.SourcePosition?.Column}: {warning.Severity}: {warning.Description}");
        }

        var errors = issues.Where(i => i.Severity == RulesIssueSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            var first = errors[0].SourcePosition;
            var all = string.Join("; ", errors.Select(e => $"{e.SourcePosition?.Line}:{e.SourcePosition?.Column} {e.Description}"));
            throw new JobFinderConfigurationException("RulesCompilationFailed",
                $"The rules do not compile ({errors.Length} error(s)): {all}. Nothing was deployed.", path, first?.Line, first?.Column);
        }
    }

    private async Task<Release?> TryGetReleaseAsync(ReleaseName name, CancellationToken cancellationToken)
    {
        try
        {
            return await _rules.GetReleaseAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
    }

    /// <summary>The project's default bucket as the Firebase Storage API names it (never guessed: projects made
    /// since October 2024 use <c>&lt;project&gt;.firebasestorage.app</c>, older ones <c>&lt;project&gt;.appspot.com</c>).
    /// A project without one has not set up Storage; firebase-tools refuses the same way.</summary>
    private async Task<string> DefaultStorageBucketAsync(JobFinderProject project, string rulesPath, CancellationToken cancellationToken)
    {
        string? bucket = null;
        try
        {
            bucket = (await _storage.GetDefaultBucketAsync(project.ProjectId, cancellationToken).ConfigureAwait(false)).BucketId;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
        }

        return bucket ?? throw new JobFinderConfigurationException("StorageDefaultBucketMissing",
            $"Project '{project.ProjectId}' has no default Storage bucket, so the Storage rules have no bucket to go to. Set up Storage in the Firebase console (Storage > Get started) or name the bucket with \"bucket\" in firebase.json's storage entry. Nothing was deployed.",
            rulesPath);
    }

    private static bool SameSource(RulesSource? live, RulesSource desired) =>
        live?.Files is { } files && files.Count == desired.Files!.Count
        && files.Zip(desired.Files).All(p => p.First.Content == p.Second.Content);

    private async Task<IReadOnlyList<IndexWork>> PlanIndexesAsync(JobFinderProject project, DeploymentTargets targets, bool prune, CancellationToken cancellationToken)
    {
        var work = new List<IndexWork>();
        if (!targets.FirestoreIndexes)
        {
            return work;
        }

        foreach (var database in project.FirestoreDatabases.Where(d => d.IndexesPath is not null))
        {
            var name = new DatabaseName(project.ProjectId, database.Database);
            var desired = IndexDefinitions.Read(database.IndexesPath!);
            var live = new Dictionary<string, FirestoreIndex>(StringComparer.Ordinal);
            client.Events.Verbose($"Listing indexes of {name}.");
            await foreach (var index in _firestore.ListIndexesAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                live.TryAdd(IndexDefinition.KeyOf(IndexDefinitions.CollectionGroupOf(index.Name!), index), index);
            }

            foreach (var definition in desired)
            {
                var exists = live.Remove(definition.Key, out var existing);
                work.Add(new IndexWork(new PlannedIndexChange
                {
                    Database = database.Database,
                    CollectionGroup = definition.CollectionGroup,
                    QueryScope = definition.QueryScopeText,
                    Fields = definition.FieldsText,
                    Action = exists ? PlannedChangeAction.Unchanged : PlannedChangeAction.Create,
                    Name = existing?.Name,
                }, name, definition));
            }

            foreach (var (key, index) in live)
            {
                var parts = key.Split('|');
                work.Add(new IndexWork(new PlannedIndexChange
                {
                    Database = database.Database,
                    CollectionGroup = parts[0],
                    QueryScope = parts[1],
                    Fields = parts[2],
                    Action = prune ? PlannedChangeAction.Delete : PlannedChangeAction.Extra,
                    Name = index.Name,
                }, name, null));
            }
        }

        return work;
    }

    /// <summary>The single-field overrides (TTL, single-field indexes) of each indexes file against the
    /// live ones (fields.list with the filter firebase-tools uses for overrides): Create/Update/Unchanged,
    /// and Extra for a live override the file does not declare (kept and reported, never removed by a
    /// deployment). What the file holds that no step deploys is named, as a warning here and in the plan.</summary>
    private async Task<(IReadOnlyList<FieldOverrideWork> Work, IReadOnlyList<string> NotDeployed)> PlanFieldOverridesAsync(JobFinderProject project, DeploymentTargets targets, CancellationToken cancellationToken)
    {
        var work = new List<FieldOverrideWork>();
        var notDeployed = new List<string>();
        if (!targets.FirestoreIndexes)
        {
            return (work, notDeployed);
        }

        foreach (var database in project.FirestoreDatabases.Where(d => d.IndexesPath is not null))
        {
            var name = new DatabaseName(project.ProjectId, database.Database);
            var (desired, skipped) = FieldOverrideDefinitions.Read(database.IndexesPath!);
            foreach (var what in skipped)
            {
                client.Events.Warning($"Not deployed: {what}.");
                notDeployed.Add(what);
            }

            var live = new Dictionary<string, FirestoreField>(StringComparer.Ordinal);
            await foreach (var field in _firestore.ListFieldsAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                live[field.Name!] = field;
            }

            foreach (var definition in desired)
            {
                var fieldName = $"{name.CollectionGroup(definition.CollectionGroup)}/fields/{definition.FieldPath}";
                var current = live.Remove(fieldName, out var existing) ? existing : null;
                var same = current is not null
                    && FieldOverrideDefinitions.IndexesText(current) == definition.IndexesText
                    && (current.TtlConfig is not null) == definition.Ttl;
                work.Add(new FieldOverrideWork(new PlannedFieldOverrideChange
                {
                    Database = database.Database,
                    CollectionGroup = definition.CollectionGroup,
                    FieldPath = definition.FieldPath,
                    Indexes = definition.IndexesText,
                    Ttl = definition.Ttl,
                    Live = current is null ? null : FieldOverrideDefinitions.Describe(current),
                    Action = current is null ? PlannedChangeAction.Create : same ? PlannedChangeAction.Unchanged : PlannedChangeAction.Update,
                }, fieldName, definition, current));
            }

            foreach (var (fieldName, field) in live)
            {
                var marker = fieldName.IndexOf("/fields/", StringComparison.Ordinal);
                work.Add(new FieldOverrideWork(new PlannedFieldOverrideChange
                {
                    Database = database.Database,
                    CollectionGroup = IndexDefinitions.CollectionGroupOf(fieldName),
                    FieldPath = fieldName[(marker + "/fields/".Length)..],
                    Indexes = FieldOverrideDefinitions.IndexesText(field),
                    Ttl = field.TtlConfig is not null,
                    Live = FieldOverrideDefinitions.Describe(field),
                    Action = PlannedChangeAction.Extra,
                }, fieldName, null, field));
            }
        }

        return (work, notDeployed);
    }
}
