using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Commands;

/// <summary>Reads a Firebase backend repository into a JobFinderProject for one environment.</summary>
/// <remarks>Help (Get-Help Get-JobFinderProject): docs/help/Get-JobFinderProject.md.</remarks>
[Cmdlet(VerbsCommon.Get, "JobFinderProject", HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(JobFinderProject))]
public sealed class GetJobFinderProjectCommand : JobFinderCmdlet
{
    /// <summary>The folder that holds firebase.json (or the firebase.json file itself). Defaults to the current location.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "RootPath", "ProjectRoot")]
    [ValidateNotNullOrEmpty]
    public string RepositoryPath { get; set; } = ".";

    /// <summary>The .firebaserc alias (for example staging or production) or any project id, as firebase deploy --project takes it (a warning says when .firebaserc does not list it). Defaults to the alias named default.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    protected override void ProcessRecordCore()
    {
        var path = GetUnresolvedProviderPathFromPSPath(RepositoryPath);
        WriteVerbose($"Reading the Firebase project at {path}" + (Environment is null ? string.Empty : $" for environment '{Environment}'"));
        WriteObject(LoadProject(path, Environment));
    }
}
