using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Run;

/// <summary>Cloud Run Admin v2 (<c>run.googleapis.com/v2</c>): services, revisions, operations.
/// A service PATCH states the desired traffic/template (and carries the etag when the caller has one),
/// so repeating it lands in the same state: <see cref="RetryPolicy.IdempotentWrite"/>. Revision delete
/// likewise. <c>operations:wait</c> is a read.</summary>
public sealed class CloudRunApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.CloudRun, "v2")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    public Task<RunService> GetServiceAsync(RunServiceName name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name.ToString()), RetryPolicy.Read, Types.RunService, name.ToString(), cancellationToken);

    public IAsyncEnumerable<RunService> ListServicesAsync(string project, string location, bool showDeleted = false, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var parent = $"projects/{project}/locations/{location}";
        return Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(parent, "/services"), RetryPolicy.Read, Types.ListRunServicesResponse, parent, ct,
                new QueryBuilder().Add("pageSize", pageSize).Add("pageToken", token).Add("showDeleted", showDeleted)),
            page => page.Services,
            page => page.NextPageToken,
            cancellationToken);
    }

    /// <summary>Starts updating the service named in <paramref name="service"/> (e.g. mask <c>traffic</c>
    /// for a canary step). Returns the operation; <see cref="WaitForServiceAsync"/> waits for it.</summary>
    public Task<Operation> PatchServiceAsync(RunService service, IEnumerable<string>? updateMask = null, bool validateOnly = false, bool allowMissing = false, bool forceNewRevision = false, CancellationToken cancellationToken = default)
    {
        var name = service.Name ?? throw new ArgumentException("The service has no name.", nameof(service));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, OperationType, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)).Add("validateOnly", validateOnly).Add("allowMissing", allowMissing).Add("forceNewRevision", forceNewRevision),
            Json(service, Types.RunService));
    }

    public IAsyncEnumerable<Revision> ListRevisionsAsync(RunServiceName service, bool showDeleted = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(service.ToString(), "/revisions"), RetryPolicy.Read, Types.ListRevisionsResponse, service.ToString(), ct,
                new QueryBuilder().Add("pageSize", pageSize).Add("pageToken", token).Add("showDeleted", showDeleted)),
            page => page.Revisions,
            page => page.NextPageToken,
            cancellationToken);

    public Task<Revision> GetRevisionAsync(RevisionName name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name.ToString()), RetryPolicy.Read, Types.Revision, name.ToString(), cancellationToken);

    public Task<Operation> DeleteRevisionAsync(RevisionName name, string? etag = null, bool validateOnly = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(name.ToString()), RetryPolicy.IdempotentWrite, OperationType, name.ToString(), cancellationToken,
            new QueryBuilder().Add("etag", etag).Add("validateOnly", validateOnly));

    /// <summary><c>operations/{op}:wait</c>: the server holds the call up to <paramref name="timeout"/>.</summary>
    public Task<Operation> WaitOperationAsync(string operationName, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(operationName, ":wait"), RetryPolicy.Read, OperationType, operationName, cancellationToken,
            body: Json(new WaitOperationRequest { Timeout = timeout }, Types.WaitOperationRequest));

    /// <summary>Waits for a service operation; its response is the reconciled Service.</summary>
    public Task<RunService> WaitForServiceAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitForResponseAsync(Service, Version, operation, Types.RunService, options, cancellationToken);
}
