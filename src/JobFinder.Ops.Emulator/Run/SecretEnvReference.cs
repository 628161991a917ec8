using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>A container variable whose value Cloud Run reads from Secret Manager when an instance starts:
/// run-v2 <c>EnvVar.valueSource.secretKeyRef</c> (<c>SecretKeySelector</c>: "secret: {secret_name} if the
/// secret is in the same project. projects/{project}/secrets/{secret_name} if the secret is in a different
/// project"; "version: 'latest' for the latest version, an integer for a specific version").
/// <see cref="Index"/> is its position in the container's <c>env</c>, which Google's errors name.</summary>
public sealed record SecretEnvReference(string Name, string Secret, string Version, int Index)
{
    /// <summary>The secret references of a revision template's first container, in order.</summary>
    public static IReadOnlyList<SecretEnvReference> In(JsonObject template)
    {
        var container = (template["containers"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var env = container?["env"] as JsonArray ?? [];
        var references = new List<SecretEnvReference>();
        for (var i = 0; i < env.Count; i++)
        {
            if (env[i] is JsonObject { } variable
                && variable["name"]?.GetValue<string>() is { Length: > 0 } name
                && variable["valueSource"]?["secretKeyRef"] is JsonObject selector
                && selector["secret"]?.GetValue<string>() is { Length: > 0 } secret)
            {
                references.Add(new SecretEnvReference(name, secret, selector["version"]?.GetValue<string>() is { Length: > 0 } v ? v : "latest", i));
            }
        }

        return references;
    }

    /// <summary>Whether a template env entry takes its value from a secret (so it is no literal variable).</summary>
    public static bool IsSecret(JsonObject variable) => variable["valueSource"] is not null;

    /// <summary>The Secret Manager name of the secret for a revision of <paramref name="projectId"/>.</summary>
    public string SecretName(string projectId) =>
        Secret.StartsWith("projects/", StringComparison.Ordinal) ? Secret : $"projects/{projectId}/secrets/{Secret}";

    /// <summary>The env entry as Run v2 renders it.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["valueSource"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["secret"] = Secret, ["version"] = Version } },
    };
}
