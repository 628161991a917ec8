using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Project;

/// <summary>Turns <c>-Environment</c> into a project id the way <c>firebase use</c> does: an alias from
/// .firebaserc, or a literal project id that an alias maps to. Without an environment the
/// <c>default</c> alias is used.</summary>
internal static class EnvironmentResolver
{
    public const string DefaultAlias = "default";

    public static (string? Alias, string ProjectId) Resolve(FirebaseRc rc, string? environment, string firebaseRcPathOrRoot)
    {
        var known = rc.Aliases.Select(a => a.Alias).ToArray();
        var knownText = known.Length == 0 ? "none (add a .firebaserc with a 'projects' map)" : string.Join(", ", known);
        if (string.IsNullOrWhiteSpace(environment))
        {
            var fallback = rc.Aliases.FirstOrDefault(a => a.Alias == DefaultAlias);
            return fallback is not null
                ? (fallback.Alias, fallback.ProjectId)
                : throw new JobFinderException("EnvironmentNotSpecified", ErrorKind.InvalidArgument,
                    $"No environment was given and .firebaserc has no '{DefaultAlias}' alias. Known aliases: {knownText}.", firebaseRcPathOrRoot)
                { RecommendedAction = "Pass -Environment with one of the known aliases." };
        }

        var byAlias = rc.Aliases.FirstOrDefault(a => string.Equals(a.Alias, environment, StringComparison.Ordinal));
        if (byAlias is not null)
        {
            return (byAlias.Alias, byAlias.ProjectId);
        }

        // A literal project id: name it by its most specific alias (staging rather than default).
        var byId = rc.Aliases.Where(a => a.ProjectId == environment).OrderBy(a => a.Alias == DefaultAlias).FirstOrDefault();
        if (byId is not null)
        {
            return (byId.Alias, byId.ProjectId);
        }

        throw new JobFinderException("EnvironmentAliasUnknown", ErrorKind.ObjectNotFound,
            $"Environment '{environment}' is neither an alias nor a project id in .firebaserc. Known aliases: {knownText}.", environment)
        { RecommendedAction = "Use one of the known aliases, or add it to .firebaserc with 'firebase use --add'." };
    }
}
