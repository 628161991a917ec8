using System.Net;
using Google.Apis.Auth.OAuth2;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google;

/// <summary>The long-lived half of the REST layer, one per session: resolved credentials, endpoints,
/// the pooled <see cref="HttpClient"/> and the retry pipelines. <see cref="GoogleRestClient"/> pairs it
/// with a per-call event sink. Thread-safe.</summary>
public sealed class GoogleConnection : IDisposable
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The token the emulator accepts as project owner (firebase-tools' convention).</summary>
    public const string EmulatorOwnerToken = "owner";

    /// <summary>The <see cref="Principal"/> of a connection that uses <see cref="EmulatorOwnerToken"/>.</summary>
    public const string EmulatorOwnerPrincipal = "emulator owner token";

    private readonly bool _ownsHandler;
    private readonly HttpMessageHandler _handler;

    private GoogleConnection(GoogleClientOptions options, GoogleEndpoints endpoints, ITokenAccess credential, string principal, string? quotaProject)
    {
        Options = options;
        Endpoints = endpoints;
        Credential = credential;
        Principal = principal;
        QuotaProject = quotaProject;
        _ownsHandler = options.HttpHandler is null;
        _handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.All,
        };
        HttpClient = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        HttpClient.DefaultRequestHeaders.UserAgent.ParseAdd($"JobFinder.Ops/{typeof(GoogleConnection).Assembly.GetName().Version}");

        // API calls share the connection pool but carry the per-attempt timeout themselves: HttpClient
        // links a CancellationTokenSource per request anyway, so its Timeout adds only the timer,
        // less than a Polly timeout strategy around each attempt (bench rest-overhead measures it).
        ApiHttpClient = new HttpClient(_handler, disposeHandler: false) { Timeout = options.Retry.AttemptTimeout };
        ApiHttpClient.DefaultRequestHeaders.UserAgent.ParseAdd($"JobFinder.Ops/{typeof(GoogleConnection).Assembly.GetName().Version}");
        Pipelines = new RetryPipelines(options.Retry);
    }

    public GoogleClientOptions Options { get; }

    public GoogleEndpoints Endpoints { get; }

    /// <summary>Who we act as, for display: a service-account email, "access token" or "application default".</summary>
    public string Principal { get; }

    public string? QuotaProject { get; }

    public string? ProjectId => Options.ProjectId;

    internal ITokenAccess Credential { get; }

    /// <summary>For plain HTTP (smoke checks, probes, token minting): no timeout of its own.</summary>
    internal HttpClient HttpClient { get; }

    /// <summary>For Google API attempts: times out after <see cref="GoogleRetryOptions.AttemptTimeout"/>.</summary>
    internal HttpClient ApiHttpClient { get; }

    internal RetryPipelines Pipelines { get; }

    /// <summary>Resolves credentials (token, key file, or ADC) and endpoints. When the endpoints point at
    /// the emulator and no token or key file is given, the emulator's owner token is used, never ADC.</summary>
    public static async Task<GoogleConnection> ConnectAsync(GoogleClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = GoogleEndpoints.Resolve(options.EndpointOverrides, options.EmulatorHost, options.Environment);
        var (credential, principal) = await CreateCredentialAsync(options, endpoints, cancellationToken).ConfigureAwait(false);
        if (credential.IsCreateScopedRequired)
        {
            credential = credential.CreateScoped(CloudPlatformScope);
        }

        var quotaProject = options.QuotaProject ?? credential.QuotaProject ?? NullIfEmpty(options.Environment("GOOGLE_CLOUD_QUOTA_PROJECT"));
        return new GoogleConnection(options, endpoints, credential, principal, quotaProject);
    }

    public void Dispose()
    {
        HttpClient.Dispose();
        ApiHttpClient.Dispose();
        if (_ownsHandler)
        {
            _handler.Dispose();
        }
    }

    private static async Task<(GoogleCredential Credential, string Principal)> CreateCredentialAsync(GoogleClientOptions options, GoogleEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.AccessToken))
        {
            return (GoogleCredential.FromAccessToken(options.AccessToken), "access token");
        }

        if (!string.IsNullOrEmpty(options.KeyFilePath))
        {
            return LoadKeyFile(options.KeyFilePath);
        }

        if (endpoints.EmulatorHost is not null)
        {
            // The emulator's owner token (firebase-tools' convention). ADC here would refresh gcloud's
            // user credentials at Google or ask the metadata server: requests that leave the machine for
            // a session that only talks to a local emulator, and a real token sent to it.
            return (GoogleCredential.FromAccessToken(EmulatorOwnerToken), EmulatorOwnerPrincipal);
        }

        try
        {
            var credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false);
            return (credential, credential.UnderlyingCredential is ServiceAccountCredential sa ? sa.Id : "application default credentials");
        }
        catch (InvalidOperationException ex)
        {
            throw new JobFinderException(
                "GoogleCredentialsNotFound",
                ErrorKind.AuthenticationError,
                "No Google credentials found: Application Default Credentials are not set up.",
                inner: ex)
            {
                RecommendedAction = "Run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or pass a key file or access token explicitly.",
            };
        }
    }

    private static (GoogleCredential, string) LoadKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobFinderException("GoogleKeyFileNotFound", ErrorKind.ObjectNotFound, $"Service-account key file '{path}' does not exist.", path);
        }

        try
        {
            var serviceAccount = CredentialFactory.FromFile<ServiceAccountCredential>(path);
            return (serviceAccount.ToGoogleCredential(), serviceAccount.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The inner exception names the JSON path at fault, never the key material itself.
            throw new JobFinderException("GoogleKeyFileInvalid", ErrorKind.InvalidArgument, $"'{path}' is not a valid service-account key file: {ex.GetType().Name}.", path, ex);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
