using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>The project parameters the alert-policy cmdlets share: a piped JobFinderProject, or the
/// repository at -RepositoryPath for -Environment, or a bare -ProjectId when no repository is at hand
/// (then SLOs and the dashboard must name their functions).</summary>
public abstract class MonitoringCmdlet : JobFinderCloudCmdlet
{
    /// <summary>The project, as Get-JobFinderProject returns it.</summary>
    [Parameter(ValueFromPipeline = true)]
    public JobFinderProject? Project { get; set; }

    /// <summary>The .firebaserc alias (for example staging or production) or any project id (as firebase deploy --project takes it).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    /// <summary>The repository folder holding firebase.json. Defaults to the current location.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>A Google project id, used without reading a repository.</summary>
    [Parameter]
    [ValidatePattern("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    public string? ProjectId { get; set; }

    /// <summary>The resolved target and, when a repository was read, the project.</summary>
    protected (MonitoringTarget Target, JobFinderProject? Project) ResolveTarget()
    {
        if (ProjectId is not null && Project is null)
        {
            return (new MonitoringTarget(ProjectId, "us-central1", []), null);
        }

        var project = ResolveProject(Project, RepositoryPath, Environment);
        return (MonitoringTarget.From(project), project);
    }

    /// <summary>-Path resolved, else the project's monitoring.alertPolicyFile.</summary>
    protected string PolicyFile((MonitoringTarget Target, JobFinderProject? Project) resolved)
    {
        var path = MyInvocation.BoundParameters.TryGetValue("Path", out var bound) ? bound as string : null;
        if (path is not null)
        {
            return GetUnresolvedProviderPathFromPSPath(path);
        }

        return resolved.Project?.Settings.Monitoring.AlertPolicyFile
            ?? throw new Errors.JobFinderException(MonitoringErrorIds.FileNotFound, Errors.ErrorKind.ObjectNotFound,
                "No monitoring file: give -Path, or add monitoring-config.yaml (or monitoring.alertPolicyFile in jobfinder.ops.json) to the repository.", resolved.Project?.RootPath);
    }
}
