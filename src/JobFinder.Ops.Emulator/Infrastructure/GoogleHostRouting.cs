namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Serves a request addressed to a Google host (<c>Host: cloudfunctions.googleapis.com:PORT</c>) as if it
/// came under that API's prefix (<c>/cloudfunctions/...</c>). A client that derives an API's service name from
/// the host of its root URL (firebase-tools asks Service Usage whether <c>new URL(origin).hostname</c> is enabled,
/// lib/ensureApiEnabled.js) can then point every origin at <c>http://&lt;api&gt;.googleapis.com:PORT</c>, with the
/// name resolving to loopback, and still ask for the real service names. Hosts of APIs the emulator does not
/// serve are left alone (their paths then find no route: 404, as an unknown URL).</summary>
public sealed class GoogleHostRouting(RequestDelegate next, IEnumerable<IEmulatorApi> apis)
{
    private const string GoogleDomain = ".googleapis.com";
    private readonly HashSet<string> _prefixes = apis.SelectMany(api => api.Prefixes).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (host.EndsWith(GoogleDomain, StringComparison.OrdinalIgnoreCase))
        {
            var label = host[..^GoogleDomain.Length];
            if (_prefixes.Contains(label))
            {
                context.Request.Path = new PathString("/" + label.ToLowerInvariant()).Add(context.Request.Path);
            }
        }

        return next(context);
    }
}
