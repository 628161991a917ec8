using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Facts checked instead of "Have you ...? (yes/no)": a verified, fresh backup of this project;
/// a passing staging smoke run against the same source; predeploy commands that succeed. Each refusal
/// has its own ErrorId and happens before any mutating call.</summary>
internal sealed class DeploymentGates(GoogleRestClient client)
{
    /// <summary>Label carrying the codebase archive's SHA-256 (first 40 hex): the same code deployed to
    /// two environments carries the same value even though their configs (and source hashes) differ.</summary>
    public const string ArchiveLabel = "jobfinder-archive";

    public void CheckBackup(JobFinderProject project, BackupManifest? backup, bool skip)
    {
        if (backup is null)
        {
            if (skip)
            {
                client.Events.Warning($"Deploying {project.ProjectId} without a backup gate (-SkipBackup): a rollback can restore traffic and rules, but not data.");
                return;
            }

            throw new JobFinderException("BackupRequired", ErrorKind.InvalidOperation,
                $"A verified backup of {project.ProjectId} is required before deploying.", project.ProjectId)
            { RecommendedAction = "Pipe one in (Backup-JobFinderProduction | Invoke-JobFinderDeployment), use -NewBackup, or -SkipBackup for a throw-away project." };
        }

        if (!string.Equals(backup.ProjectId, project.ProjectId, StringComparison.Ordinal))
        {
            throw new JobFinderException("BackupProjectMismatch", ErrorKind.InvalidArgument,
                $"Backup {backup.Id} is of project {backup.ProjectId}, not {project.ProjectId}.", backup.Id);
        }

        if (!backup.IsVerified)
        {
            throw new JobFinderException("BackupNotVerified", ErrorKind.InvalidData,
                $"Backup {backup.Id} is {backup.Verification}{(backup.FailureReason is null ? "" : $" ({backup.FailureReason})")}; a deployment needs a verified backup.", backup.Id)
            { RecommendedAction = "Run Test-JobFinderBackup on it, or take a new one with Backup-JobFinderProduction (it verifies by default)." };
        }

        var age = DateTimeOffset.UtcNow - backup.CreatedAt;
        if (age > project.Settings.Backup.MaxAge)
        {
            throw new JobFinderException("BackupTooOld", ErrorKind.InvalidData,
                $"Backup {backup.Id} is {age.TotalHours:0.#} hours old; the limit (backup.maxAge) is {project.Settings.Backup.MaxAge.TotalHours:0.#} hours.", backup.Id);
        }

        client.Events.Verbose($"Backup gate passed: {backup.Id} ({backup.Verification}, {age.TotalMinutes:0} minutes old).");
    }

    /// <summary>When the rollout settings require it: a passing smoke run against a staging project whose
    /// live functions carry the same archive hashes as the code about to be deployed. Without a report
    /// passed by hand (<c>-StagingSmoke</c>, an override) the gate looks for the run Test-JobFinderSmoke
    /// recorded (<see cref="StagingSmokeEvidenceStore"/>) against another project of this repository with
    /// the same source, and refuses, saying what it found, when there is none.</summary>
    public async Task CheckStagingSmokeAsync(JobFinderProject project, PreparedDeployment prepared, StagingSmokeEvidence? smoke, CancellationToken cancellationToken)
    {
        if (!project.Settings.Rollout.RequireStagingSmoke)
        {
            return;
        }

        var deployed = prepared.Functions
            .Where(f => f.Desired is not null && f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update)
            .GroupBy(f => f.Change.FunctionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ArchiveHash(prepared.Archives[g.First().Desired!.Codebase]), StringComparer.Ordinal);
        smoke ??= FindRecordedEvidence(project, deployed);
        if (!smoke.Passed)
        {
            throw new JobFinderException("StagingSmokeRequired", ErrorKind.InvalidOperation,
                $"The staging smoke report of {smoke.ProjectId} did not pass: {smoke.Summary}.", project.ProjectId)
            { RecommendedAction = StagingSmokeFix(project) };
        }

        if (smoke.ProjectId == project.ProjectId)
        {
            throw new JobFinderException("StagingSmokeRequired", ErrorKind.InvalidArgument, $"The smoke report is of {project.ProjectId} itself, not of a staging project.", smoke.ProjectId);
        }

        var staged = await LiveArchivesAsync(client, smoke.ProjectId, cancellationToken).ConfigureAwait(false);
        var mismatched = deployed.Where(d => staged.GetValueOrDefault(d.Key) != d.Value).Select(d => d.Key).Order(StringComparer.Ordinal).ToArray();
        if (mismatched.Length > 0)
        {
            throw new JobFinderException("StagingSmokeSourceMismatch", ErrorKind.InvalidData,
                $"Staging ({smoke.ProjectId}) does not run the code being deployed for: {string.Join(", ", mismatched)}. Deploy the same source to staging and smoke-test it first.", smoke.ProjectId)
            { RecommendedAction = StagingSmokeFix(project) };
        }

        client.Events.Verbose($"Staging smoke gate passed: {smoke.ProjectId} runs the same source and its smoke run of {smoke.RanAt:u} passed ({smoke.Summary}).");
    }

    /// <summary>The newest passing run recorded against another project whose live functions carried,
    /// when it ran, the archive of every function about to be deployed.</summary>
    private StagingSmokeEvidence FindRecordedEvidence(JobFinderProject project, IReadOnlyDictionary<string, string> deployed)
    {
        var store = new StagingSmokeEvidenceStore(project.RootPath);
        var recorded = store.ReadOthers(project.ProjectId);
        var matching = recorded
            .Where(e => e.Passed && deployed.All(d => e.Archives?.GetValueOrDefault(d.Key) == d.Value))
            .MaxBy(e => e.RanAt);
        if (matching is not null)
        {
            client.Events.Verbose($"Staging smoke evidence found: the run of {matching.ProjectId} at {matching.RanAt:u}, recorded in {store.PathOf(matching.ProjectId)}.");
            return matching;
        }

        var where = $"{project.Environment ?? project.ProjectId} requires a passing staging smoke run of the same source (rollout.requireStagingSmoke)";
        if (recorded.Count == 0)
        {
            throw new JobFinderException("StagingSmokeRequired", ErrorKind.InvalidOperation,
                $"{Capitalized(where)}, and no smoke run of another project is recorded in {store.LocalDirectory}.", project.ProjectId)
            { RecommendedAction = StagingSmokeFix(project) };
        }

        var found = recorded.OrderBy(e => e.ProjectId, StringComparer.Ordinal).Select(e => !e.Passed
            ? $"the latest run of {e.ProjectId} ({e.RanAt:u}) failed: {e.Summary}"
            : $"the latest run of {e.ProjectId} ({e.RanAt:u}) judged other code for {string.Join(", ", deployed.Where(d => e.Archives?.GetValueOrDefault(d.Key) != d.Value).Select(d => d.Key).Order(StringComparer.Ordinal))}");
        throw new JobFinderException("StagingSmokeRequired", ErrorKind.InvalidOperation,
            $"{Capitalized(where)}; none qualifies: {string.Join("; ", found)}.", project.ProjectId)
        { RecommendedAction = StagingSmokeFix(project) };
    }

    private static string StagingSmokeFix(JobFinderProject project) =>
        $"Deploy this source to staging (Invoke-JobFinderDeployment -Environment staging), run Test-JobFinderSmoke -Environment staging in this repository ({project.RootPath}), then deploy again; or pass a passing staging report with -StagingSmoke.";

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The rollback target (the revision each function to update serves now) must be viable:
    /// it exists, is Ready and its image is still in Artifact Registry (docs/ROLLBACK.md). Otherwise a
    /// failed canary could not go back. <paramref name="skip"/> (<c>-SkipRollbackCheck</c>) only warns.</summary>
    public async Task CheckRollbackTargetAsync(JobFinderProject project, PreparedDeployment prepared, bool skip, CancellationToken cancellationToken)
    {
        var updated = prepared.Functions.Where(f => f.Change.Action == PlannedChangeAction.Update).Select(f => f.Change.FunctionId).ToHashSet(StringComparer.Ordinal);
        if (updated.Count == 0)
        {
            return;
        }

        var checks = await new Undo.RollbackViabilityChecker(client).CheckLiveAsync(project.ProjectId, updated, cancellationToken).ConfigureAwait(false);
        var broken = checks.Where(c => !c.Viable).ToArray();
        if (broken.Length == 0)
        {
            client.Events.Verbose($"Rollback gate passed: the serving revisions of {checks.Count} function(s) exist, are Ready and have their images.");
            return;
        }

        var detail = string.Join("; ", broken.Select(b => $"{b.FunctionId}: {b.Reason}"));
        if (skip)
        {
            client.Events.Warning($"Deploying {project.ProjectId} without a viable rollback target (-SkipRollbackCheck): {detail}.");
            return;
        }

        throw new JobFinderException("RollbackTargetNotViable", ErrorKind.InvalidOperation,
            $"The rollback target of {broken.Length} function(s) is not viable, so a failed canary could not go back: {detail}.", project.ProjectId)
        { RecommendedAction = "Redeploy the current release first (it gets a new revision and image), or accept the risk with -SkipRollbackCheck. See Test-JobFinderRollback and docs/ROLLBACK.md." };
    }

    public static string ArchiveHash(SourceArchive archive) => archive.Sha256[..40];

    /// <summary>Function id to the <see cref="ArchiveLabel"/> each live function of <paramref name="projectId"/> carries.</summary>
    internal static async Task<SortedDictionary<string, string>> LiveArchivesAsync(GoogleRestClient client, string projectId, CancellationToken cancellationToken)
    {
        var archives = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var function in new CloudFunctionsApi(client).ListAsync(projectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (function.Labels?.GetValueOrDefault(ArchiveLabel) is { } archive)
            {
                archives[FunctionName.Parse(function.Name!).Function] = archive;
            }
        }

        return archives;
    }
}
