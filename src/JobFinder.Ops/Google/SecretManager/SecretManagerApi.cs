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

/// <summary>secretmanager-v1 Secret: its name and replication (what create needs).</summary>
public sealed record SecretResource
{
    public string? Name { get; init; }

    public SecretReplication? Replication { get; init; }
}

/// <summary>secretmanager-v1 Replication; <c>automatic: {}</c> lets Google choose.</summary>
public sealed record SecretReplication
{
    public Dictionary<string, string>? Automatic { get; init; }
}

/// <summary>secretmanager-v1 AddSecretVersionRequest (payload.data is base64).</summary>
public sealed record AddSecretVersionRequest
{
    public SecretPayload? Payload { get; init; }
}

public sealed record SecretPayload
{
    public string? Data { get; init; }
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

    /// <summary>secrets.create with automatic replication.</summary>
    public Task<SecretResource> CreateSecretAsync(string project, string secret, CancellationToken cancellationToken = default)
    {
        var parent = $"projects/{project}";
        return SendAsync(HttpMethod.Post, PathOf(parent, "/secrets"), RetryPolicy.IdempotentWrite, GoogleJsonContext.Default.SecretResource, $"{parent}/secrets/{secret}", cancellationToken,
            query: new QueryBuilder().Add("secretId", secret),
            body: Json(new SecretResource { Replication = new SecretReplication { Automatic = [] } }, GoogleJsonContext.Default.SecretResource));
    }

    /// <summary>secrets.addVersion: a new ENABLED version holding <paramref name="value"/>.</summary>
    public Task<SecretVersion> AddVersionAsync(string project, string secret, byte[] value, CancellationToken cancellationToken = default)
    {
        var name = $"projects/{project}/secrets/{secret}";
        return SendAsync(HttpMethod.Post, PathOf(name, ":addVersion"), RetryPolicy.NonIdempotentWrite, GoogleJsonContext.Default.SecretVersion, name, cancellationToken,
            body: Json(new AddSecretVersionRequest { Payload = new SecretPayload { Data = Convert.ToBase64String(value) } }, GoogleJsonContext.Default.AddSecretVersionRequest));
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
