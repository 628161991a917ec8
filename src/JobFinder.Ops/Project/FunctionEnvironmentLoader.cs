using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Loads a codebase's environment variables the way firebase-tools does for deploys:
/// <c>.env</c>, then <c>.env.&lt;projectId&gt;</c> or <c>.env.&lt;alias&gt;</c> on top. Having both of the
/// latter is an error in firebase-tools (it cannot tell which wins), and so here. <c>.env.local</c> and
/// <c>.secret.local</c> are emulator-only files and are never read for a deploy.</summary>
internal static class FunctionEnvironmentLoader
{
    public sealed record Result(IReadOnlyList<EnvironmentVariable> Variables, IReadOnlyList<string> Files);

    public static Result Load(string sourceDirectory, string projectId, string? alias)
    {
        var byProject = $".env.{projectId}";
        var byAlias = alias is null || alias == projectId ? null : $".env.{alias}";
        if (byAlias is not null && Exists(sourceDirectory, byProject) && Exists(sourceDirectory, byAlias))
        {
            throw new JobFinderConfigurationException(
                "EnvFileConflict",
                $"Both {byProject} and {byAlias} exist; firebase-tools refuses to choose between them. Keep one.",
                Path.Combine(sourceDirectory, byAlias));
        }

        var files = new[] { ".env", byProject, byAlias }.OfType<string>().Where(f => Exists(sourceDirectory, f)).ToArray();
        var merged = new Dictionary<string, EnvironmentVariable>(StringComparer.Ordinal);
        foreach (var name in files)
        {
            var path = Path.Combine(sourceDirectory, name);
            foreach (var (key, value) in DotEnvParser.Parse(File.ReadAllText(path), path))
            {
                merged[key] = new EnvironmentVariable(key, value, name);
            }
        }

        return new Result(merged.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToArray(), files);
    }

    private static bool Exists(string directory, string name) => File.Exists(Path.Combine(directory, name));
}
