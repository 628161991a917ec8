using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google;

/// <summary>How to reach Google: which credentials, which endpoints, how patient to be. Credentials are
/// chosen like gcloud does: an explicit access token, else an explicit service-account key file, else
/// Application Default Credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's ADC file, the
/// metadata server).</summary>
public sealed record GoogleClientOptions
{
    /// <summary>Default project for callers that do not name one; the typed APIs always take full names.</summary>
    public string? ProjectId { get; init; }

    /// <summary>A raw OAuth access token (not refreshed: it works until it expires).</summary>
    public string? AccessToken { get; init; }

    /// <summary>Path of a service-account key file (JSON). Its <c>token_uri</c> is honoured, so the
    /// emulator's key files exchange their JWT at the emulator.</summary>
    public string? KeyFilePath { get; init; }

    /// <summary>Sent as <c>x-goog-user-project</c>; defaults to the credential's quota project, then
    /// <c>GOOGLE_CLOUD_QUOTA_PROJECT</c>.</summary>
    public string? QuotaProject { get; init; }

    /// <summary>Root URL per API (wins over every environment variable).</summary>
    public IReadOnlyDictionary<GoogleService, Uri>? EndpointOverrides { get; init; }

    /// <summary><c>HOST:PORT</c> of the emulator; when null, <c>JOBFINDER_EMULATOR_HOST</c> is read.</summary>
    public string? EmulatorHost { get; init; }

    public GoogleRetryOptions Retry { get; init; } = new();

    public OperationPollOptions Polling { get; init; } = new();

    /// <summary>Replaces the HTTP stack (tests, benchmarks). The connection does not dispose it.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Reads environment variables; replaceable so tests do not touch the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
