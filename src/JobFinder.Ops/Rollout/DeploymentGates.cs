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
            { RecommendedAction = "Pipe one in (Backup-JobFinderProduction -Verify | Invoke-JobFinderDeployment), use -NewBackup, or -SkipBackup for a throw-away project." };
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
            { RecommendedAction = "Run Test-JobFinderBackup on it, or take a new one with Backup-JobFinderProduction -Verify." };
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
    /// live functions carry the same archive hashes as the code about to be deployed.</summary>
    public async Task CheckStagingSmokeAsync(JobFinderProject project, PreparedDeployment prepared, StagingSmokeEvidence? smoke, CancellationToken cancellationToken)
    {
        if (!project.Settings.Rollout.RequireStagingSmoke)
        {
            return;
        }

        if (smoke is null || !smoke.Passed)
        {
            throw new JobFinderException("StagingSmokeRequired", ErrorKind.InvalidOperation,
                smoke is null
                    ? $"The rollout settings of {project.Environment ?? project.ProjectId} require a passing staging smoke report (-StagingSmoke)."
                    : $"The staging smoke report of {smoke.ProjectId} did not pass: {smoke.Summary}.", project.ProjectId);
        }

        if (smoke.ProjectId == project.ProjectId)
        {
            throw new JobFinderException("StagingSmokeRequired", ErrorKind.InvalidArgument, $"The smoke report is of {project.ProjectId} itself, not of a staging project.", smoke.ProjectId);
        }

        var functions = new CloudFunctionsApi(client);
        var staged = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var function in functions.ListAsync(smoke.ProjectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (function.Labels?.GetValueOrDefault(ArchiveLabel) is { } archive)
            {
                staged[FunctionName.Parse(function.Name!).Function] = archive;
            }
        }

        var mismatched = prepared.Functions
            .Where(f => f.Desired is not null && f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update)
            .Where(f => staged.GetValueOrDefault(f.Desired!.Id) != ArchiveHash(prepared.Archives[f.Desired.Codebase]))
            .Select(f => f.Change.FunctionId)
            .Distinct()
            .ToArray();
        if (mismatched.Length > 0)
        {
            throw new JobFinderException("StagingSmokeSourceMismatch", ErrorKind.InvalidData,
                $"Staging ({smoke.ProjectId}) does not run the code being deployed for: {string.Join(", ", mismatched)}. Deploy the same source to staging and smoke-test it first.", smoke.ProjectId);
        }

        client.Events.Verbose($"Staging smoke gate passed: {smoke.ProjectId} runs the same source and its smoke run passed ({smoke.Summary}).");
    }

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
}
