using System.Text.Json.Serialization.Metadata;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google;

/// <summary>Shared plumbing of the typed API classes: one service, one version, request building.</summary>
public abstract class GoogleApiBase
{
    protected GoogleApiBase(GoogleRestClient client, GoogleService service, string version)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Service = service;
        Version = version;
        Poller = new OperationPoller(client);
    }

    public GoogleRestClient Client { get; }

    public GoogleService Service { get; }

    /// <summary>Path prefix, e.g. <c>v2</c>.</summary>
    public string Version { get; }

    public OperationPoller Poller { get; }

    /// <summary>Waits for an operation of this API to finish; throws on its error.</summary>
    public Task<Operation> WaitAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitAsync(Service, Version, operation, options, cancellationToken);

    /// <summary><c>GET &lt;version&gt;/&lt;operation name&gt;</c>.</summary>
    public Task<Operation> GetOperationAsync(string operationName, CancellationToken cancellationToken = default) =>
        Poller.GetAsync(Service, Version, operationName, cancellationToken);

    protected Task<T> SendAsync<T>(
        HttpMethod method,
        string path,
        RetryPolicy retry,
        JsonTypeInfo<T> responseType,
        string? resourceName,
        CancellationToken cancellationToken,
        QueryBuilder? query = null,
        Func<HttpContent>? body = null) =>
        Client.SendAsync(Request(method, path, retry, resourceName, query, body), responseType, cancellationToken);

    protected GoogleRequest Request(HttpMethod method, string path, RetryPolicy retry, string? resourceName, QueryBuilder? query = null, Func<HttpContent>? body = null) => new()
    {
        Service = Service,
        Method = method,
        Path = path,
        Retry = retry,
        ResourceName = resourceName,
        Query = query?.Build() ?? [],
        Content = body,
    };

    /// <summary><c>&lt;version&gt;/{+name}</c>.</summary>
    protected string PathOf(string name, string suffix = "") => $"{Version}/{GooglePath.Reserved(name)}{suffix}";

    protected static Func<HttpContent> Json<T>(T value, JsonTypeInfo<T> typeInfo) => GoogleRequest.Json(value, typeInfo);

    protected static JsonTypeInfo<Operation> OperationType => GoogleJsonContext.Default.Operation;

    protected static JsonTypeInfo<Empty> EmptyType => GoogleJsonContext.Default.Empty;

    protected static string? Mask(IEnumerable<string>? fields) => fields is null ? null : string.Join(',', fields);
}
