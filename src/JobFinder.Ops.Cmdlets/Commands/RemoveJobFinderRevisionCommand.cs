using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Revisions;

namespace JobFinder.Ops.Commands;

/// <summary>Deletes old Cloud Run revisions of a project's functions, and their images, keeping serving, tagged, newest and recent rollback targets.</summary>
/// <remarks>Help (Get-Help Remove-JobFinderRevision): docs/help/Remove-JobFinderRevision.md.</remarks>
[Cmdlet(VerbsCommon.Remove, "JobFinderRevision", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(RevisionCleanupResult))]
public sealed class RemoveJobFinderRevisionCommand : JobFinderProjectCmdlet
{
    /// <summary>Only these functions. Default: every function of the project.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FunctionIdCompleter))]
    public string[]? FunctionId { get; set; }

    /// <summary>Skip the confirmation prompts; deletes nothing that would not be deleted with them answered yes.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ResolveSelectedProject();
        var settings = project.Settings.Rollout;
        var candidates = RunConnected((client, token) =>
            new RevisionCleanupService(client).SurveyAsync(project, FunctionId, DateTimeOffset.UtcNow, token));
        foreach (var candidate in candidates)
        {
            WriteObject(Decide(project, candidate, RevisionRetention.RemovalReason(settings.KeepRevisions, settings.KeepRollbackWindow)));
        }
    }

    private RevisionCleanupResult Decide(JobFinderProject project, RevisionCandidate candidate, string removalReason)
    {
        if (candidate.KeepReason is { } keep)
        {
            return Result(project, candidate, RevisionCleanupAction.Kept, keep);
        }

        var what = candidate.ImageVersion is null ? "Delete revision" : "Delete revision and its container image";
        if (!ShouldProcessWithForce(candidate.RevisionName, $"{what} ({removalReason})", Force))
        {
            return IsWhatIfInEffect()
                ? Result(project, candidate, RevisionCleanupAction.WouldRemove, removalReason)
                : Result(project, candidate, RevisionCleanupAction.Skipped, "not confirmed");
        }

        try
        {
            var imageRemoved = RunConnected((client, token) => new RevisionCleanupService(client).DeleteAsync(candidate, token));
            return Result(project, candidate, RevisionCleanupAction.Removed, removalReason) with { ImageRemoved = imageRemoved };
        }
        catch (JobFinderException ex)
        {
            // Traffic may have moved onto it since the survey: Cloud Run refuses, the rest carries on.
            WriteNonTerminating(ex, candidate.RevisionName);
            return Result(project, candidate, RevisionCleanupAction.Skipped, "delete failed: " + ex.Message);
        }
    }

    private static RevisionCleanupResult Result(JobFinderProject project, RevisionCandidate candidate, RevisionCleanupAction action, string reason) => new()
    {
        FunctionId = candidate.FunctionId,
        Region = candidate.Region,
        ProjectId = project.ProjectId,
        Revision = candidate.Revision,
        CreateTime = candidate.CreateTime,
        Action = action,
        Reason = reason,
        Image = candidate.Image,
        RevisionName = candidate.RevisionName,
    };
}
