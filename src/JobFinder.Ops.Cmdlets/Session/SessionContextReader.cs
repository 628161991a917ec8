using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>Describes where the session points (Get-JobFinderContext) from its options, the
/// environment and its emulators, without loading credentials: resolving Application Default
/// Credentials may contact Google, which a look at the context must never do.</summary>
internal static class SessionContextReader
{
    public static async Task<JobFinderContext> ReadAsync(CancellationToken cancellationToken)
    {
        var target = JobFinderSession.CurrentTarget;
        var options = target.Options;
        if (target.EmulatorHost is null && JobFinderSession.NotConnectedReason is { } reason)
        {
            return new JobFinderContext
            {
                Destination = SessionDestination.NotConnected,
                NotConnectedReason = reason,
                Endpoints = [],
                Credentials = CredentialKind.None,
            };
        }

        var endpoints = GoogleEndpoints.Resolve(options.EndpointOverrides, options.EmulatorHost, options.Environment);
        var (kind, keyFile) = Credentials(options, endpoints);
        var key = keyFile is null ? null : ServiceAccountKeySummary.TryRead(keyFile);
        if (key is not null && kind == CredentialKind.KeyFile && key.IssuedLocally)
        {
            kind = CredentialKind.EmulatorServiceAccount;
        }

        return new JobFinderContext
        {
            Destination = endpoints.EmulatorHost is null ? SessionDestination.Google : SessionDestination.Emulator,
            Endpoints = GoogleServiceInfo.All.Select(s => Describe(s, endpoints, options.EmulatorHost is null)).ToArray(),
            Credentials = kind,
            Principal = key?.ClientEmail,
            KeyFilePath = keyFile,
            ProjectId = key?.ProjectId,
            QuotaProject = options.QuotaProject,
            Emulator = endpoints.EmulatorHost is { } host ? await EmulatorStatusAsync(target, host, cancellationToken).ConfigureAwait(false) : null,
        };
    }

    /// <summary>The credentials GoogleConnection would choose for these options, named, not loaded.</summary>
    private static (CredentialKind Kind, string? KeyFile) Credentials(GoogleClientOptions options, GoogleEndpoints endpoints)
    {
        if (!string.IsNullOrEmpty(options.AccessToken))
        {
            return (CredentialKind.AccessToken, null);
        }

        if (!string.IsNullOrEmpty(options.KeyFilePath))
        {
            return (CredentialKind.KeyFile, options.KeyFilePath);
        }

        if (endpoints.EmulatorHost is not null)
        {
            return (CredentialKind.EmulatorOwnerToken, null);
        }

        var adcFile = options.Environment("GOOGLE_APPLICATION_CREDENTIALS");
        return (CredentialKind.ApplicationDefault, string.IsNullOrWhiteSpace(adcFile) ? null : adcFile);
    }

    private static JobFinderEndpoint Describe(GoogleService service, GoogleEndpoints endpoints, bool emulatorFromVariable)
    {
        var source = endpoints.SourceOf(service);
        return new JobFinderEndpoint
        {
            Api = service.Label(),
            Url = endpoints[service].AbsoluteUri,
            Source = source,
            Variable = source switch
            {
                GoogleEndpointSource.UrlVariable => service.UrlVariable(),
                GoogleEndpointSource.Emulator when emulatorFromVariable => GoogleEndpoints.EmulatorHostVariable,
                _ => null,
            },
        };
    }

    private static async Task<EmulatorStatus> EmulatorStatusAsync(SessionTarget target, string host, CancellationToken cancellationToken)
    {
        var problem = await JobFinderSession.FindEmulatorProblemAsync(host, cancellationToken).ConfigureAwait(false);
        return new EmulatorStatus
        {
            EmulatorHost = host,
            Origin = JobFinderSession.OriginOf(target, host),
            ProcessId = JobFinderSession.FindEmulator(host)?.Process.Instance.ProcessId,
            Alive = problem is null,
            Problem = problem,
        };
    }
}
