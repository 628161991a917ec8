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
    private readonly Dictionary<GoogleService, GoogleEndpointSource> _sources;

    private GoogleEndpoints(Dictionary<GoogleService, Uri> roots, Dictionary<GoogleService, GoogleEndpointSource> sources, string? emulatorHost)
    {
        _roots = roots;
        _sources = sources;
        EmulatorHost = emulatorHost;
    }

    /// <summary>Set when any root came from the emulator host (the poller may poll faster).</summary>
    public string? EmulatorHost { get; }

    public Uri this[GoogleService service] => _roots[service];

    /// <summary>Which rule chose the root of <paramref name="service"/> (Get-JobFinderContext shows it).</summary>
    public GoogleEndpointSource SourceOf(GoogleService service) => _sources[service];

    public static GoogleEndpoints Resolve(
        IReadOnlyDictionary<GoogleService, Uri>? overrides,
        string? emulatorHost,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        emulatorHost ??= NullIfEmpty(environment(EmulatorHostVariable));
        var roots = new Dictionary<GoogleService, Uri>();
        var sources = new Dictionary<GoogleService, GoogleEndpointSource>();
        foreach (var service in GoogleServiceInfo.All)
        {
            if (overrides is not null && overrides.TryGetValue(service, out var explicitRoot))
            {
                (roots[service], sources[service]) = (WithTrailingSlash(explicitRoot), GoogleEndpointSource.Override);
            }
            else if (NullIfEmpty(environment(service.UrlVariable())) is { } fromVariable)
            {
                (roots[service], sources[service]) = (ParseRoot(fromVariable, service.UrlVariable()), GoogleEndpointSource.UrlVariable);
            }
            else if (emulatorHost is not null)
            {
                (roots[service], sources[service]) = (ParseRoot(EmulatorRoot(emulatorHost) + service.Label() + "/", EmulatorHostVariable), GoogleEndpointSource.Emulator);
            }
            else
            {
                (roots[service], sources[service]) = (service.DefaultRoot(), GoogleEndpointSource.Google);
            }
        }

        return new GoogleEndpoints(roots, sources, emulatorHost);
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

/// <summary>Which rule of <see cref="GoogleEndpoints.Resolve"/> chose an API's root.</summary>
public enum GoogleEndpointSource
{
    /// <summary>Google's own host (<c>https://LABEL.googleapis.com/</c>).</summary>
    Google,

    /// <summary>The emulator host (<c>http://HOST/LABEL/</c>).</summary>
    Emulator,

    /// <summary>The per-API variable <c>JOBFINDER_&lt;LABEL&gt;_URL</c>.</summary>
    UrlVariable,

    /// <summary>An explicit per-API root in the client options (tests, benchmarks).</summary>
    Override,
}
