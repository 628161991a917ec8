using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>Completes Test-JobFinderSmoke -Revision: the tags a deployment gives (<c>live</c>, and
/// <c>stable</c> and <c>canary</c> on the revisions it moves traffic between), then the revision names
/// the newest local journal record names (its functions' stable and new revisions). Files only.</summary>
public sealed class RevisionTagCompleter : IArgumentCompleter
{
    private static readonly string[] s_tags = ["live", "stable", "canary"];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var revisions = LocalJournal.NewestRecords(CompletionLocation.RepositoryFolder(fakeBoundParameters), 1)
            .SelectMany(r => LocalJournal.Items(r, "functions"))
            .SelectMany(f => new[] { LocalJournal.Text(f, "newRevision"), LocalJournal.Text(f, "stableRevision") })
            .OfType<string>()
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return CompletionLocation.Matching(s_tags.Concat(revisions), wordToComplete);
    }
}
