using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Reporting;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Writes a deployment's report as one self-contained HTML file with charts of its timeline.</summary>
/// <remarks>
/// <para>The report shows the outcome and its reason, charts of the traffic on the new revisions at each step and of each function's canary and stable error rate and p95 latency at each analysis (inline SVG, with the analysis thresholds), the canary verdicts, the plan (strategy, traffic steps, bake time, functions with their stable and new revisions, rules, indexes), the backup the gate used and every journaled step.</para>
/// <para>The file needs nothing else: CSS and charts are inline, there is no script, font or image, and a Content-Security-Policy forbids any fetch, so it can be attached to a ticket or opened offline. All text is HTML-encoded; environment values never appear.</para>
/// <para>-Path is the file to write, or a folder (the file is then named after the deployment id). The cmdlet returns the written file.</para>
/// </remarks>
/// <example>
/// <code>Invoke-JobFinderDeployment -Environment production -Force | Export-JobFinderDeploymentReport -Path ./report.html</code>
/// <para>Deploys to production and writes the report of the deployment.</para>
/// </example>
/// <example>
/// <code>Export-JobFinderDeploymentReport -JournalPath .jobfinder/deployments/20261126T221500Z-3f9a1c.json -Path ./reports</code>
/// <para>Writes the report of a journaled deployment into the reports folder as 20261126T221500Z-3f9a1c.html.</para>
/// </example>
[Cmdlet(VerbsData.Export, "JobFinderDeploymentReport", SupportsShouldProcess = true, DefaultParameterSetName = RecordSet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportJobFinderDeploymentReportCommand : JobFinderCmdlet
{
    private const string RecordSet = "Record";
    private const string JournalSet = "Journal";

    /// <summary>The deployment (from Invoke-JobFinderDeployment, Undo-JobFinderDeployment or Get-JobFinderDeployment).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RecordSet, HelpMessage = "The DeploymentRecord to report on.")]
    public DeploymentRecord? InputObject { get; set; }

    /// <summary>A deployment journal file (.jobfinder/deployments/ID.json) to report on instead of a record.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JournalSet, HelpMessage = "A deployment journal file (.jobfinder/deployments/ID.json).")]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>The HTML file to write, or an existing folder to write ID.html into.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The HTML file (or folder) to write.")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The backup manifest the deployment's gate used, to show its location and verification (the record alone gives its id).</summary>
    [Parameter]
    public BackupManifest? Backup { get; set; }

    /// <summary>Refuses to overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    protected override void ProcessRecordCore()
    {
        var record = InputObject ?? ReadJournal(GetUnresolvedProviderPathFromPSPath(JournalPath!));
        var target = GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(target))
        {
            target = System.IO.Path.Combine(target, record.Id + ".html");
        }

        if (NoClobber && File.Exists(target))
        {
            ThrowArgumentError("ReportFileExists", $"{target} exists and -NoClobber was given.", target);
        }

        if (!ShouldProcess(target, $"Write the report of deployment {record.Id}"))
        {
            return;
        }

        var file = DeploymentReportWriter.Write(record, target, Backup);
        WriteVerbose($"Wrote the report of {record.Id} ({record.Outcome}) to {file.FullName}.");
        WriteObject(file);
    }

    private static DeploymentRecord ReadJournal(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobFinderException("DeploymentJournalNotFound", ErrorKind.ObjectNotFound, $"The deployment journal {path} does not exist.", path);
        }

        return DeploymentJournal.Deserialize(File.ReadAllBytes(path), path);
    }
}
