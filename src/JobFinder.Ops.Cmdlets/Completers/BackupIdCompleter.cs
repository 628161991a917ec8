using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using JobFinder.Ops.Backup;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>Completes backup ids with the backups this repository keeps locally (each backup writes its
/// manifest and snapshot to <c>backups/&lt;id&gt;/</c> beside the bucket copy), newest first. Folders
/// only: no bucket is listed on a key press. -LocalPath, when typed, is the folder read.</summary>
public sealed class BackupIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string[] ids;
        try
        {
            var folder = CompletionLocation.Resolve(fakeBoundParameters["LocalPath"] as string)
                ?? Path.Combine(CompletionLocation.RepositoryFolder(fakeBoundParameters), "backups");
            ids = Directory.Exists(folder)
                ? [.. new DirectoryInfo(folder).GetDirectories().Select(d => d.Name).Where(n => BackupIds.TimeOf(n) is not null).OrderByDescending(n => n, StringComparer.Ordinal).Take(30)]
                : [];
        }
        catch (Exception)
        {
            ids = []; // a completer must never throw at the user
        }

        return CompletionLocation.Matching(ids, wordToComplete, id => $"{id}: taken {BackupIds.TimeOf(id):u}");
    }
}
