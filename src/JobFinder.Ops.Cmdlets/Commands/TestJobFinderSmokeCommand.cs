using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Commands;

/// <summary>Runs the project's smoke checks against its live functions or one revision's tag URL and reports pass/fail, latency and the p95 SLA.</summary>
/// <remarks>Help (Get-Help Test-JobFinderSmoke): docs/help/Test-JobFinderSmoke.md.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "JobFinderSmoke", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/SMOKE.md")]
[OutputType(typeof(SmokeReport), typeof(bool))]
public sealed class TestJobFinderSmokeCommand : JobFinderProjectCmdlet
{
    private const string RecordSet = "InputObject";

    /// <summary>A deployment record (from Invoke-JobFinderDeployment or Get-JobFinderDeployment): its repository and environment are checked.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RecordSet, ValueFromPipeline = true, HelpMessage = "A DeploymentRecord")]
    public DeploymentRecord InputObject { get; set; } = null!;

    /// <summary>live (the default), stable, canary, another traffic tag, or a tagged revision's name: the checks go to that revision's tag URL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionTagCompleter))]
    public string Revision { get; set; } = "live";

    /// <summary>Checks to run instead of the settings' checks (from New-JobFinderSmokeCheck).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public SmokeCheckDefinition[]? Check { get; set; }

    /// <summary>Run only the settings' checks whose name matches one of these wildcard patterns.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>The smoke-test user's email (user name) and password, instead of the environment variables named in smoke.auth.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Checks in flight at once; defaults to smoke.concurrency (10).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; }

    /// <summary>Return only $true when the report passed, $false otherwise.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Also write the report to -OutputPath: JUnit (XML for CI, replaces the file) or JsonLines (appends one line).</summary>
    [Parameter]
    [ValidateSet("None", "JUnit", "JsonLines")]
    public string OutputFormat { get; set; } = "None";

    /// <summary>The file -OutputFormat writes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    protected override void ProcessRecordCore()
    {
        if (OutputFormat != "None" && OutputPath is null)
        {
            throw new JobFinderException("SmokeOutputPathMissing", ErrorKind.InvalidArgument, $"-OutputFormat {OutputFormat} needs -OutputPath.", OutputFormat);
        }

        var project = ParameterSetName switch
        {
            RecordSet => ProjectOfRecord(),
            _ => ResolveSelectedProject(),
        };
        var selected = SelectChecks(project);
        var checks = ConfirmWritingChecks(selected, project);
        if (checks.Count == 0)
        {
            // Only under -WhatIf or a declined -Confirm: every selected check writes, and none was run.
            return;
        }

        var options = new SmokeRunOptions
        {
            Target = SmokeTarget.Parse(Revision),
            Checks = checks,
            Concurrency = ThrottleLimit > 0 ? ThrottleLimit : null,
            User = Credential?.GetNetworkCredential(),
        };
        // A full run (the settings' checks, all of them, against the live URLs) is the evidence the staging
        // gate of a later production deployment looks for; a partial or -WhatIf run is evidence of nothing.
        var recordEvidence = Check is null && Name is null && checks.Count == selected.Count && options.Target.IsLive;
        var report = RunConnected(async (client, token) =>
        {
            var result = await new SmokeRunner(client).RunAsync(project, options, token).ConfigureAwait(false);
            if (recordEvidence)
            {
                await new StagingSmokeEvidenceStore(project.RootPath).RecordAsync(client, result, token).ConfigureAwait(false);
            }

            return result;
        });

        WriteOutputFile(report);
        if (report.CredentialProblem is { } credentials)
        {
            // The report still comes (the other checks ran), but the cause is a setup mistake worth its own error.
            WriteNonTerminating(new SmokeCredentialsException(credentials), credentials.Source);
        }

        SessionState.PSVariable.Set("global:LASTEXITCODE", report.Passed ? 0 : 1);
        WriteVerbose(report.Summary);
        if (Quiet)
        {
            WriteObject(report.Passed);
        }
        else
        {
            if (!report.Passed)
            {
                WriteWarning($"Smoke checks against {report.Target} of {report.ProjectId} failed: {report.Summary}");
            }

            WriteObject(report);
        }
    }

    /// <summary>A check that may change data (<see cref="SmokeCheckDefinition.Writes"/>: submitJob writes a
    /// job into the project's Firestore) runs only after ShouldProcess; -WhatIf says so and skips it, while
    /// the read-only checks still run.</summary>
    private IReadOnlyList<SmokeCheckDefinition> ConfirmWritingChecks(IReadOnlyList<SmokeCheckDefinition> checks, JobFinderProject project) =>
        checks.Where(c => !c.Writes || ShouldProcess($"{c.Function ?? c.Url} ({Revision}) of {project.ProjectId}", $"Run smoke check '{c.Name}' ({c.Method}, may write data)")).ToArray();

    private IReadOnlyList<SmokeCheckDefinition> SelectChecks(JobFinderProject project)
    {
        IReadOnlyList<SmokeCheckDefinition> checks = Check ?? project.Settings.Smoke.Checks;
        if (Name is not null)
        {
            var patterns = Name.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            checks = checks.Where(c => patterns.Any(p => p.IsMatch(c.Name))).ToArray();
        }

        return checks.Count > 0
            ? checks
            : throw new JobFinderException(
                "SmokeChecksNotFound",
                ErrorKind.ObjectNotFound,
                Name is null
                    ? $"Project {project.ProjectId} declares no smoke checks: add smoke.checks to jobfinder.ops.json or pass -Check."
                    : $"No smoke check of project {project.ProjectId} matches {string.Join(", ", Name)}.",
                project.OpsSettingsPath ?? project.RootPath);
    }

    /// <summary>A deployment record says which repository and project it deployed; those are checked. A
    /// record deployed by project id has no alias, so its project id selects the project.</summary>
    private JobFinderProject ProjectOfRecord()
    {
        var root = InputObject.ProjectRoot
            ?? throw new JobFinderException("SmokeInputNotUnderstood", ErrorKind.InvalidArgument,
                $"Deployment {InputObject.Id} does not name its repository: pipe the project instead (Get-JobFinderProject -Environment {InputObject.Environment ?? InputObject.ProjectId} | Test-JobFinderSmoke).", InputObject.Id);
        return ResolveProject(null, root, Environment ?? InputObject.Environment ?? InputObject.ProjectId);
    }

    private void WriteOutputFile(SmokeReport report)
    {
        if (OutputFormat == "None")
        {
            return;
        }

        var path = GetUnresolvedProviderPathFromPSPath(OutputPath!);
        if (OutputFormat == "JUnit")
        {
            SmokeJUnitWriter.Write(report, path);
        }
        else
        {
            SmokeJsonLines.Append(report, path);
        }

        WriteVerbose($"Wrote the smoke report as {OutputFormat} to {path}.");
    }
}
