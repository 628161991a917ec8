using System.Text;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Reporting;

/// <summary>Writes the HTML report of a deployment to a file (UTF-8, temp file then rename, so a
/// reader never sees half a report).</summary>
public static class DeploymentReportWriter
{
    public static FileInfo Write(DeploymentRecord record, string path, BackupManifest? backup = null, DateTimeOffset? generatedAt = null)
    {
        var html = HtmlReportRenderer.Render(DeploymentReportModel.FromRecord(record, backup), generatedAt);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new JobFinderException("ReportFolderNotFound", ErrorKind.ObjectNotFound, $"The folder {folder} does not exist.", folder);
        }

        var temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, full, overwrite: true);
        return new FileInfo(full);
    }
}
