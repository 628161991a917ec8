using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.ResourceManager;
using JobFinder.Ops.Google.SecretManager;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Lets each function's runtime service account read the secrets it binds, before its revision is
/// made, as firebase deploy does (firebase-tools src/deploy/functions/release/fabricator.ts applyPlan grants
/// every codebase's secretAccessPlan first, through ensure.ts grantSecretAccess → secretManager.ts
/// ensureServiceAgentRole). Without it Cloud Run cannot resolve the secret when an instance starts and the
/// revision fails ("Permission denied on secret … for Revision service account …"). A function that names no
/// service account runs as the Compute Engine default account (ensure.ts defaultServiceAccount for gcfv2).
/// Grants are never taken back, as firebase-tools never takes them back.</summary>
internal static class SecretAccessGrants
{
    public static async Task GrantAsync(GoogleRestClient client, string projectId, IEnumerable<ProjectFunction> functions, CancellationToken cancellationToken)
    {
        var readers = functions.Where(f => f.SecretEnvironmentVariables.Count > 0).ToList();
        if (readers.Count == 0)
        {
            return;
        }

        string? computeAccount = null;
        var accountsBySecret = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var function in readers)
        {
            var account = function.ServiceAccount is { Length: > 0 } named
                ? ServiceAccountEmail(named, projectId)
                : computeAccount ??= await new ProjectsApi(client).ComputeServiceAccountAsync(projectId, cancellationToken).ConfigureAwait(false);
            foreach (var secret in function.SecretEnvironmentVariables.Select(s => s.Secret))
            {
                if (!accountsBySecret.TryGetValue(secret, out var accounts))
                {
                    accountsBySecret[secret] = accounts = new SortedSet<string>(StringComparer.Ordinal);
                }

                accounts.Add(account);
            }
        }

        var api = new SecretManagerApi(client);
        foreach (var (secret, accounts) in accountsBySecret)
        {
            var granted = await api.EnsureAccessorsAsync(projectId, secret, accounts, cancellationToken).ConfigureAwait(false);
            client.Events.Verbose(granted
                ? $"Secret {secret}: granted {SecretManagerApi.AccessorRole} to {string.Join(", ", accounts)}."
                : $"Secret {secret}: {string.Join(", ", accounts)} already hold {SecretManagerApi.AccessorRole}.");
        }
    }

    /// <summary>firebase-functions' short form <c>name@</c> means <c>name@PROJECT.iam.gserviceaccount.com</c>
    /// (firebase-tools deploy/functions/backend.ts / proto.ts serviceAccount handling).</summary>
    private static string ServiceAccountEmail(string account, string projectId) =>
        account.EndsWith('@') ? $"{account}{projectId}.iam.gserviceaccount.com" : account;
}
