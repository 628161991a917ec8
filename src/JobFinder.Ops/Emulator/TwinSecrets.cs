using System.Globalization;
using System.Text;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.ResourceManager;
using JobFinder.Ops.Google.SecretManager;

namespace JobFinder.Ops.Emulator;

/// <summary>Readies the twin's Secret Manager for a function about to be seeded. A backup never reads a
/// secret's value, so the twin cannot hold production's; yet the function is created with the versions
/// production pinned, and Cloud Run does not start a revision whose secret version is missing or that its
/// runtime service account may not read. So, in the twin only, each bound secret gets versions up to the
/// pinned one, holding a placeholder that says what it stands for, and the runtime account is granted
/// roles/secretmanager.secretAccessor, as the deployment granted it in production.</summary>
internal static class TwinSecrets
{
    public static async Task PrepareAsync(GoogleRestClient client, string projectId, Function function, CancellationToken cancellationToken)
    {
        var bindings = (function.ServiceConfig?.SecretEnvironmentVariables ?? []).Where(s => s.Secret is { Length: > 0 }).ToList();
        if (bindings.Count == 0)
        {
            return;
        }

        var api = new SecretManagerApi(client);
        var account = function.ServiceConfig?.ServiceAccountEmail is { Length: > 0 } named
            ? named
            : await new ProjectsApi(client).ComputeServiceAccountAsync(projectId, cancellationToken).ConfigureAwait(false);
        foreach (var binding in bindings)
        {
            var secret = binding.Secret!;
            var pinned = int.TryParse(binding.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 1;
            var existing = await VersionCountAsync(api, projectId, secret, cancellationToken).ConfigureAwait(false);
            for (var version = existing + 1; version <= pinned; version++)
            {
                var placeholder = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"twin placeholder for {secret} version {version} (production's value is never backed up)"));
                await api.AddVersionAsync(projectId, secret, placeholder, cancellationToken).ConfigureAwait(false);
            }

            await api.EnsureAccessorsAsync(projectId, secret, [account], cancellationToken).ConfigureAwait(false);
            client.Events.Verbose($"Twin secret {secret}: version {binding.Version} present (placeholder value), readable by {account}.");
        }
    }

    /// <summary>How many versions the twin has of <paramref name="secret"/> (its latest version's number),
    /// creating the secret when the twin has none.</summary>
    private static async Task<int> VersionCountAsync(SecretManagerApi api, string projectId, string secret, CancellationToken cancellationToken)
    {
        try
        {
            var latest = await api.GetVersionAsync(projectId, secret, "latest", cancellationToken).ConfigureAwait(false);
            return int.Parse(latest.VersionId, CultureInfo.InvariantCulture);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            try
            {
                await api.CreateSecretAsync(projectId, secret, cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleApiException exists) when (exists.HttpStatus == 409)
            {
                // The secret exists but has no enabled version: new versions follow its old ones, so the
                // pinned one may stay disabled and the function's seed then fails with Cloud Run's message.
            }

            return 0;
        }
    }
}
