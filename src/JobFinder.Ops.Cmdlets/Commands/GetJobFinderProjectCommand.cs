using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Commands;

/// <summary>Reads a Firebase backend repository into a JobFinderProject for one environment.</summary>
/// <remarks>
/// <para>Get-JobFinderProject reads a Firebase repository the way firebase deploy reads it: firebase.json (functions as one codebase or an array of codebases, firestore and storage as an object or an array), .firebaserc (project aliases such as staging and production, and deploy targets), each codebase's .env, .env.ALIAS and .env.PROJECTID files, and the optional jobfinder.ops.json settings file for the rollout strategy, analysis thresholds, smoke checks and backup bucket.</para>
/// <para>Each codebase's functions come from its code: the codebase's predeploy commands run first (a TypeScript build), then the code is loaded with its own firebase-functions SDK from node_modules (Node.js must be on PATH and the dependencies installed with npm ci), and the SDK reports every function with its options, params and required APIs. A static functions.yaml in the source folder wins over the code, as in firebase-tools. Each function's SettingsSource says which one its settings came from; -Verbose shows each discovery step and how long it took. A function the module cannot deploy yet (a task queue, a blocking function, a VPC setting) is listed with the reason in NotDeployable and a warning.</para>
/// <para>-Environment takes an alias from .firebaserc or any project id, as firebase deploy --project does; a project id that .firebaserc does not list is used as it is, with a warning, unless it cannot be a project id or is within two letters of an alias (then it is refused as a likely typo). Without it, the alias named default is used. The result pipes into every other JobFinder cmdlet.</para>
/// <para>Bad input ends the command with an error whose ErrorId names the problem and whose message names the file, line and column: FirebaseJsonNotFound, FirebaseJsonMalformed, EnvironmentAliasUnknown, FunctionsSourceNotFound, RulesFileNotFound, IndexesFileNotFound, FunctionsRuntimeUnknown, NodeNotFound, FunctionsDependenciesMissing, FunctionsSdkTooOld, FunctionsCodeLoadFailed, FunctionsDiscoveryTimeout, FunctionsDiscoveryUnsupported, PredeployFailed, FunctionsManifestMalformed, FunctionsManifestUnsupported, EnvFileMalformed, EnvFileReservedKey, OpsSettingsInvalid, OpsSettingsUnknownProperty, TrafficStepsInvalid, ThresholdOutOfRange.</para>
/// </remarks>
/// <example>
/// <code>Get-JobFinderProject -RepositoryPath ./examples/job-finder-be -Environment production</code>
/// <para>Reads the example backend for the production alias and shows its project id, region, function count and rollout strategy.</para>
/// </example>
/// <example>
/// <code>(Get-JobFinderProject -Environment staging).Functions | Format-Table</code>
/// <para>Lists the functions of the repository in the current folder as they would be deployed to staging.</para>
/// </example>
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
