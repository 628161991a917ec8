using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Reporting;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Writes a deployment's report as one self-contained HTML file with charts of its timeline.</summary>
/// <remarks>Help (Get-Help Export-JobFinderDeploymentReport): docs/help/Export-JobFinderDeploymentReport.md.</remarks>
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

    /// <summary>The HTML file to write, or a folder (existing, ending in a separator, or without an extension) to write ID.html into.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The HTML file (or folder) to write.")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The backup manifest the deployment's gate used, to show its location and verification (the record alone gives its id).</summary>
    [Parameter]
    public BackupManifest? Backup { get; set; }

    /// <summary>Refuses to overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>The report already written to a file -Path names, so a second piped record does not overwrite it.</summary>
    private string? _writtenToFile;

    protected override void ProcessRecordCore()
    {
        var record = InputObject ?? ReadJournal(GetUnresolvedProviderPathFromPSPath(JournalPath!));
        var target = GetUnresolvedProviderPathFromPSPath(Path);
        if (IsFolder(Path, target))
        {
            target = System.IO.Path.Combine(target, record.Id + ".html");
        }
        else if (_writtenToFile is not null)
        {
            // Issue 21: three piped records overwrote one file twice; each record needs its own file.
            WriteNonTerminating(new JobFinderException("ReportPathIsFile", ErrorKind.InvalidArgument,
                $"Several deployments were piped to the one file {target} (it holds the report of {_writtenToFile}); the report of {record.Id} was not written. Give a folder, for example -Path ./reports, to write <id>.html for each deployment.",
                target), target);
            return;
        }

        if (NoClobber && File.Exists(target))
        {
            ThrowArgumentError("ReportFileExists", $"{target} exists and -NoClobber was given.", target);
        }

        if (!ShouldProcess(target, $"Write the report of deployment {record.Id}"))
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var file = DeploymentReportWriter.Write(record, target, Backup);
        _writtenToFile = target == GetUnresolvedProviderPathFromPSPath(Path) ? record.Id : null;
        WriteVerbose($"Wrote the report of {record.Id} ({record.Outcome}) to {file.FullName}.");
        WriteObject(file);
    }

    /// <summary>A folder: one that exists, or a path written as one (ending in a separator) or without an
    /// extension (reports are .html files), which is created.</summary>
    private static bool IsFolder(string written, string resolved) =>
        Directory.Exists(resolved)
        || written.EndsWith('/') || written.EndsWith('\\')
        || string.IsNullOrEmpty(System.IO.Path.GetExtension(resolved));

    private static DeploymentRecord ReadJournal(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobFinderException("DeploymentJournalNotFound", ErrorKind.ObjectNotFound, $"The deployment journal {path} does not exist.", path);
        }

        return DeploymentJournal.Deserialize(File.ReadAllBytes(path), path);
    }
}
