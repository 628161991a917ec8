using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Frontend;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Checks that a frontend's env file points at the deployed function URLs.</summary>
/// <remarks>Help (Get-Help Test-JobFinderFrontendConfig): docs/help/Test-JobFinderFrontendConfig.md.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "JobFinderFrontendConfig", DefaultParameterSetName = RepositorySet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(FrontendConfigCheck), typeof(bool))]
public sealed class TestJobFinderFrontendConfigCommand : FrontendConfigCmdlet
{
    /// <summary>Returns only True or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecordCore()
    {
        var projectId = ResolveProjectId();
        var file = EnvFilePath;
        var checks = RunConnected((client, token) =>
            new FrontendConfigService(client).CheckAsync(file, projectId, token));
        if (checks.Count == 0)
        {
            WriteWarning($"{file} has no VITE_, REACT_APP_ or NEXT_PUBLIC_ setting that configures the functions (URLs, base URL, project id, region).");
        }

        if (Quiet)
        {
            WriteObject(checks.Count > 0 && checks.All(c => c.Status == FrontendCheckStatus.Pass));
            return;
        }

        WriteObject(checks, enumerateCollection: true);
    }
}
