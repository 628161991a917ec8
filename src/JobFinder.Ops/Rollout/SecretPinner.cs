using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.SecretManager;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Pins each secret a function reads to the version <c>latest</c> is now, before anything changes,
/// as firebase-tools' validate.ts validateSecretVersions does: a function then keeps the value it was
/// deployed with until the next deployment, and a secret that is missing, or whose latest version is not
/// ENABLED, stops the deployment with one error naming every such secret and who reads it.</summary>
internal static class SecretPinner
{
    public static async Task<IReadOnlyList<ProjectFunction>> PinAsync(GoogleRestClient client, string projectId, IReadOnlyList<ProjectFunction> functions, CancellationToken cancellationToken)
    {
        var secrets = functions.SelectMany(f => f.SecretEnvironmentVariables).Select(s => s.Secret).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (secrets.Length == 0)
        {
            return functions;
        }

        var api = new SecretManagerApi(client);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var secret in secrets)
        {
            try
            {
                var version = await api.GetVersionAsync(projectId, secret, "latest", cancellationToken).ConfigureAwait(false);
                if (version.State != "ENABLED")
                {
                    problems.Add($"{secret}: its latest version {version.VersionId} is {version.State}");
                }
                else
                {
                    versions[secret] = version.VersionId;
                    client.Events.Verbose($"Secret {secret}: latest is version {version.VersionId}; functions are pinned to it.");
                }
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                problems.Add($"{secret}: not found in Secret Manager of {projectId} (or it has no enabled version)");
            }
        }

        if (problems.Count > 0)
        {
            var readers = problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)])
                .Select(secret => $"{secret} (read by {string.Join(", ", functions.Where(f => f.SecretEnvironmentVariables.Any(s => s.Secret == secret)).Select(f => f.Id))})");
            throw new JobFinderException("SecretVersionMissing", ErrorKind.ObjectNotFound,
                $"Cannot deploy: {string.Join("; ", problems)}. Readers: {string.Join("; ", readers)}. Nothing was changed.", projectId)
            { RecommendedAction = $"Create the secret's value first, e.g. firebase functions:secrets:set {problems[0][..problems[0].IndexOf(':', StringComparison.Ordinal)]} --project {projectId}, then deploy again." };
        }

        return [.. functions.Select(f => f.SecretEnvironmentVariables.Count == 0 ? f : f with
        {
            SecretEnvironmentVariables = [.. f.SecretEnvironmentVariables.Select(s => s with { Version = versions[s.Secret] })],
        })];
    }
}
