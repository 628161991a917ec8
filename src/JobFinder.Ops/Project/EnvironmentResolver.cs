using System.Text.RegularExpressions;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Turns <c>-Environment</c> into a project id the way <c>firebase deploy --project</c> does: an
/// alias from .firebaserc, a project id an alias maps to, or any other project id (firebase-tools
/// uses a value that is not an alias as the project id as it is). Without an environment the
/// <c>default</c> alias is used.</summary>
/// <remarks>Two refusals keep a typo from becoming a project id: a value that cannot be a project id
/// (Resource Manager's Project.projectId: "6 to 30 lowercase letters, digits, or hyphens. It must start
/// with a letter. Trailing hyphens are prohibited", shared/api/cloudresourcemanager-v1.json), and an
/// unlisted id within two edits of an alias (<c>prodution</c> for <c>production</c>): deploying to a
/// project nobody meant is worse than asking for the alias to be spelt out.</remarks>
internal static partial class EnvironmentResolver
{
    public const string DefaultAlias = "default";

    private const int TypoDistance = 2;

    public static ResolvedEnvironment Resolve(FirebaseRc rc, string? environment, string firebaseRcPathOrRoot)
    {
        var known = rc.Aliases.Select(a => a.Alias).ToArray();
        var knownText = known.Length == 0 ? "none (add a .firebaserc with a 'projects' map)" : string.Join(", ", known);
        if (string.IsNullOrWhiteSpace(environment))
        {
            var fallback = rc.Aliases.FirstOrDefault(a => a.Alias == DefaultAlias);
            return fallback is not null
                ? new ResolvedEnvironment(fallback.Alias, fallback.ProjectId, Listed: true)
                : throw new JobFinderException("EnvironmentNotSpecified", ErrorKind.InvalidArgument,
                    $"No environment was given and .firebaserc has no '{DefaultAlias}' alias. Known aliases: {knownText}.", firebaseRcPathOrRoot)
                { RecommendedAction = "Pass -Environment with one of the known aliases or a project id." };
        }

        // Aliases match whatever their case, as PowerShell's own names do (-Environment Production);
        // the exact spelling wins when .firebaserc has two aliases that differ only in case.
        var byAlias = rc.Aliases.FirstOrDefault(a => string.Equals(a.Alias, environment, StringComparison.Ordinal))
            ?? OnlyMatchIgnoringCase(rc, environment);
        if (byAlias is not null)
        {
            return new ResolvedEnvironment(byAlias.Alias, byAlias.ProjectId, Listed: true);
        }

        // A literal project id: name it by its most specific alias (staging rather than default).
        var byId = rc.Aliases.Where(a => a.ProjectId == environment).OrderBy(a => a.Alias == DefaultAlias).FirstOrDefault();
        if (byId is not null)
        {
            return new ResolvedEnvironment(byId.Alias, byId.ProjectId, Listed: true);
        }

        var nearAlias = known.FirstOrDefault(alias => EditDistance.Of(alias.ToLowerInvariant(), environment.ToLowerInvariant()) <= TypoDistance);
        if (!ProjectIdPattern().IsMatch(environment) || nearAlias is not null)
        {
            var why = nearAlias is not null
                ? $"it is not an alias in .firebaserc, and as a project id it is too close to the alias '{nearAlias}' to be meant"
                : "it is neither an alias in .firebaserc nor a valid project id (6 to 30 lowercase letters, digits or hyphens, starting with a letter)";
            throw new JobFinderException("EnvironmentAliasUnknown", ErrorKind.ObjectNotFound,
                $"Environment '{environment}': {why}. Known aliases: {knownText}.", environment)
            {
                RecommendedAction = nearAlias is not null
                    ? $"Did you mean '{nearAlias}'? Use a known alias, or add the project with 'firebase use --add'."
                    : "Use one of the known aliases or a project id, or add it to .firebaserc with 'firebase use --add'.",
            };
        }

        return new ResolvedEnvironment(null, environment, Listed: false);
    }

    private static ProjectAlias? OnlyMatchIgnoringCase(FirebaseRc rc, string environment)
    {
        var matches = rc.Aliases.Where(a => string.Equals(a.Alias, environment, StringComparison.OrdinalIgnoreCase)).Take(2).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    private static partial Regex ProjectIdPattern();
}

/// <summary>What <c>-Environment</c> resolved to: the alias (null for a project id .firebaserc does not
/// list), the project id, and whether .firebaserc lists it.</summary>
internal sealed record ResolvedEnvironment(string? Alias, string ProjectId, bool Listed);
