using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Google;

/// <summary>The root URL of each API. Precedence, most specific first: an explicit per-API override
/// (<see cref="GoogleClientOptions.EndpointOverrides"/>), the per-API variable <c>JOBFINDER_&lt;LABEL&gt;_URL</c>,
/// the emulator host (<see cref="GoogleClientOptions.EmulatorHost"/> or <c>JOBFINDER_EMULATOR_HOST</c>,
/// which maps each API to <c>http://HOST/&lt;label&gt;/</c>), then Google's own host. The same shape as
/// firebase-tools' <c>CLOUD_RUN_URL</c> and gcloud's <c>api_endpoint_overrides</c>.</summary>
public sealed class GoogleEndpoints
{
    public const string EmulatorHostVariable = "JOBFINDER_EMULATOR_HOST";

    private readonly Dictionary<GoogleService, Uri> _roots;

    private GoogleEndpoints(Dictionary<GoogleService, Uri> roots, string? emulatorHost)
    {
        _roots = roots;
        EmulatorHost = emulatorHost;
    }

    /// <summary>Set when any root came from the emulator host (the poller may poll faster).</summary>
    public string? EmulatorHost { get; }

    public Uri this[GoogleService service] => _roots[service];

    public static GoogleEndpoints Resolve(
        IReadOnlyDictionary<GoogleService, Uri>? overrides,
        string? emulatorHost,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        emulatorHost ??= NullIfEmpty(environment(EmulatorHostVariable));
        var roots = new Dictionary<GoogleService, Uri>();
        foreach (var service in GoogleServiceInfo.All)
        {
            if (overrides is not null && overrides.TryGetValue(service, out var explicitRoot))
            {
                roots[service] = WithTrailingSlash(explicitRoot);
            }
            else if (NullIfEmpty(environment(service.UrlVariable())) is { } fromVariable)
            {
                roots[service] = ParseRoot(fromVariable, service.UrlVariable());
            }
            else if (emulatorHost is not null)
            {
                roots[service] = ParseRoot(EmulatorRoot(emulatorHost) + service.Label() + "/", EmulatorHostVariable);
            }
            else
            {
                roots[service] = service.DefaultRoot();
            }
        }

        return new GoogleEndpoints(roots, emulatorHost);
    }

    /// <summary>Accepts <c>127.0.0.1:8085</c> (the emulator-variable convention) or a full <c>http://</c> URL.</summary>
    private static string EmulatorRoot(string host)
    {
        var root = host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
        return root.EndsWith('/') ? root : root + "/";
    }

    private static Uri ParseRoot(string text, string source) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? WithTrailingSlash(uri)
            : throw new JobFinderException("GoogleEndpointInvalid", ErrorKind.InvalidArgument, $"{source} must be an http(s) URL or HOST:PORT; got '{text}'.", source);

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
