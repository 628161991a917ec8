using JobFinder.Ops.Google.Iam;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.SecretManager;

/// <summary>secretmanager-v1 SecretVersion, without its payload (never read here).</summary>
public sealed record SecretVersion
{
    /// <summary><c>projects/P/secrets/S/versions/N</c>.</summary>
    public string? Name { get; init; }

    /// <summary>ENABLED, DISABLED or DESTROYED.</summary>
    public string? State { get; init; }

    public string VersionId => Name?[(Name.LastIndexOf('/') + 1)..] ?? string.Empty;
}

/// <summary>Secret Manager v1, only what a deployment needs: which version <c>latest</c> is, to pin it
/// (firebase-tools validateSecretVersions), and the secret's IAM policy, to let a function's runtime service
/// account read it (firebase-tools secretManager.ts ensureServiceAgentRole). Payloads are never accessed.</summary>
public sealed class SecretManagerApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.SecretManager, "v1")
{
    public Task<SecretVersion> GetVersionAsync(string project, string secret, string version, CancellationToken cancellationToken = default)
    {
        var name = $"projects/{project}/secrets/{secret}/versions/{version}";
        return SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, GoogleJsonContext.Default.SecretVersion, name, cancellationToken);
    }

    public const string AccessorRole = "roles/secretmanager.secretAccessor";

    /// <summary>Adds the service accounts missing from the secret's <c>roles/secretmanager.secretAccessor</c>
    /// binding, keeping every other binding, against the etag just read (ensureServiceAgentRole: read, add,
    /// write only when a member was missing). True when the policy was written.</summary>
    public async Task<bool> EnsureAccessorsAsync(string project, string secret, IReadOnlyCollection<string> serviceAccounts, CancellationToken cancellationToken = default)
    {
        var name = $"projects/{project}/secrets/{secret}";
        var current = await SendAsync(HttpMethod.Get, PathOf(name, ":getIamPolicy"), RetryPolicy.Read, GoogleJsonContext.Default.IamPolicy, name, cancellationToken).ConfigureAwait(false);
        var bindings = (current.Bindings ?? []).ToList();
        var accessor = bindings.FirstOrDefault(b => b.Role == AccessorRole);
        var members = accessor?.Members ?? [];
        var missing = serviceAccounts.Select(a => "serviceAccount:" + a).Where(m => !members.Contains(m, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return false;
        }

        if (accessor is not null)
        {
            bindings.Remove(accessor);
        }

        bindings.Add(new IamBinding { Role = AccessorRole, Members = [.. members, .. missing] });
        var policy = new IamPolicy { Bindings = bindings, Etag = current.Etag ?? "", Version = current.Version };
        await SendAsync(HttpMethod.Post, PathOf(name, ":setIamPolicy"), RetryPolicy.IdempotentWrite, GoogleJsonContext.Default.IamPolicy, name, cancellationToken,
            body: Json(new SetIamPolicyRequest { Policy = policy, UpdateMask = "bindings,etag" }, GoogleJsonContext.Default.SetIamPolicyRequest)).ConfigureAwait(false);
        return true;
    }
}
