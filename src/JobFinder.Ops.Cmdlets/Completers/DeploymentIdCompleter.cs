using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>Completes deployment ids (-Id, -Resume) from the repository's local journal, newest first,
/// each with its project, kind and outcome as the tool tip. Files only: no bucket is listed on a key
/// press.</summary>
public sealed class DeploymentIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var records = LocalJournal.NewestRecords(CompletionLocation.RepositoryFolder(fakeBoundParameters), 30)
            .Where(r => LocalJournal.Text(r, "id") is { Length: > 0 })
            .ToDictionary(r => LocalJournal.Text(r, "id")!, StringComparer.Ordinal);
        return CompletionLocation.Matching(records.Keys, wordToComplete, id =>
        {
            var record = records[id];
            var environment = LocalJournal.Text(record, "environment") ?? LocalJournal.Text(record, "projectId");
            return $"{id}: {LocalJournal.Text(record, "kind")} of {environment}, {LocalJournal.Text(record, "outcome")}";
        });
    }
}
