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
/// (firebase-tools validateSecretVersions). Payloads are never accessed.</summary>
public sealed class SecretManagerApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.SecretManager, "v1")
{
    public Task<SecretVersion> GetVersionAsync(string project, string secret, string version, CancellationToken cancellationToken = default)
    {
        var name = $"projects/{project}/secrets/{secret}/versions/{version}";
        return SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, GoogleJsonContext.Default.SecretVersion, name, cancellationToken);
    }
}
