using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Frontend;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Writes the deployed function URLs into a frontend's env file and, with -DocsPath, a table of the endpoints into a docs file.</summary>
/// <remarks>Help (Get-Help Update-JobFinderFrontendConfig): docs/help/Update-JobFinderFrontendConfig.md.</remarks>
[Cmdlet(VerbsData.Update, "JobFinderFrontendConfig", DefaultParameterSetName = RepositorySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(FrontendConfigChange))]
public sealed class UpdateJobFinderFrontendConfigCommand : FrontendConfigCmdlet
{
    /// <summary>A markdown file to write the endpoints table into (between its markers; created when missing).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DocsPath { get; set; }

    /// <summary>Skip the confirmation prompts.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var projectId = ResolveProjectId();
        var envFile = EnvFilePath;
        var docsFile = DocsPath is null ? null : GetUnresolvedProviderPathFromPSPath(DocsPath);
        var plan = RunConnected((client, token) => new FrontendConfigService(client).PlanUpdateAsync(envFile, docsFile, projectId, token));
        foreach (var left in plan.Unfixable)
        {
            WriteWarning($"{left.File}:{left.Line}: {left.Key} was not changed: {left.Reason} (no single deployed value to write).");
        }

        Write(plan.EnvFile, plan.EnvText, plan.EnvChanges, "setting");
        if (plan.DocsFile is not null)
        {
            Write(plan.DocsFile, plan.DocsText!, plan.DocsChanges, "endpoint row");
        }
    }

    private void Write(string file, string text, IReadOnlyList<FrontendConfigChange> changes, string noun)
    {
        if (changes.Count == 0)
        {
            WriteVerbose($"{file} already matches what is deployed.");
            return;
        }

        // The diff, one line per changed key, before the question (and as the whole answer of -WhatIf).
        foreach (var change in changes)
        {
            WriteWhatIf($"{file}: {change}");
        }

        var written = ShouldProcessWithForce(file, $"Update {changes.Count} {noun}(s): {string.Join(", ", changes.Select(c => c.Key))}", Force);
        if (written)
        {
            FrontendConfigService.WriteFile(file, text);
        }

        WriteObject(changes.Select(c => c with { Written = written }), enumerateCollection: true);
    }
}
