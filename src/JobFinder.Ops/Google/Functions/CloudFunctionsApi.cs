using System.Diagnostics;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Functions;

/// <summary>Cloud Functions v2 (<c>cloudfunctions.googleapis.com/v2</c>). Retry choices per method:
/// reads retry on any transient failure; create/patch/delete/generateUploadUrl are
/// <see cref="RetryPolicy.IdempotentWrite"/> (create uses our function id, so a repeat can only say
/// ALREADY_EXISTS; patch and delete state the end result); the source upload is a PUT of the same
/// bytes to a signed URL, also idempotent. Cloud Functions runs one operation per function at a time:
/// a create, patch or delete that meets one in flight (409 ABORTED, "An operation on function … is
/// already in progress" / "unable to queue the operation") waits for the function to settle and is
/// sent again, as a deployment or an undo right after a killed one must.</summary>
public sealed class CloudFunctionsApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.CloudFunctions, "v2")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    /// <summary>Every function in a location (<c>-</c> = all locations), following pages.</summary>
    public IAsyncEnumerable<Function> ListAsync(string project, string location, string? filter = null, string? orderBy = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => ListPageAsync(project, location, filter, orderBy, pageSize, token, ct),
            page => page.Functions,
            page => page.NextPageToken,
            cancellationToken);

    public Task<ListFunctionsResponse> ListPageAsync(string project, string location, string? filter, string? orderBy, int? pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        var parent = $"projects/{project}/locations/{location}";
        return SendAsync(HttpMethod.Get, PathOf(parent, "/functions"), RetryPolicy.Read, Types.ListFunctionsResponse, parent, cancellationToken,
            new QueryBuilder().Add("filter", filter).Add("orderBy", orderBy).Add("pageSize", pageSize).Add("pageToken", pageToken));
    }

    public Task<Function> GetAsync(FunctionName name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name.ToString()), RetryPolicy.Read, Types.Function, name.ToString(), cancellationToken);

    /// <summary>Starts creating <paramref name="name"/>; wait with <see cref="WaitForFunctionAsync"/>.</summary>
    public Task<Operation> CreateAsync(FunctionName name, Function function, CancellationToken cancellationToken = default) =>
        WhenIdleAsync(name, "create", () => SendAsync(HttpMethod.Post, PathOf(name.Parent, "/functions"), RetryPolicy.IdempotentWrite, OperationType, name.ToString(), cancellationToken,
            new QueryBuilder().Add("functionId", name.Function), Json(function with { Name = name.ToString() }, GoogleJsonContext.Default.Function)), cancellationToken);

    /// <summary>Starts updating the function named in <paramref name="function"/>. Without a mask every
    /// field is replaced.</summary>
    public Task<Operation> PatchAsync(Function function, IEnumerable<string>? updateMask = null, CancellationToken cancellationToken = default)
    {
        var name = function.Name ?? throw new ArgumentException("The function has no name.", nameof(function));
        return WhenIdleAsync(FunctionName.Parse(name), "update", () => SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, OperationType, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(function, GoogleJsonContext.Default.Function)), cancellationToken);
    }

    public Task<Operation> DeleteAsync(FunctionName name, CancellationToken cancellationToken = default) =>
        WhenIdleAsync(name, "delete", () => SendAsync(HttpMethod.Delete, PathOf(name.ToString()), RetryPolicy.IdempotentWrite, OperationType, name.ToString(), cancellationToken), cancellationToken);

    /// <summary>A signed URL to PUT the source zip to, and the storageSource to put in the function.</summary>
    public Task<GenerateUploadUrlResponse> GenerateUploadUrlAsync(string project, string location, GenerateUploadUrlRequest? request = null, CancellationToken cancellationToken = default)
    {
        var parent = $"projects/{project}/locations/{location}";
        return SendAsync(HttpMethod.Post, PathOf(parent, "/functions:generateUploadUrl"), RetryPolicy.IdempotentWrite, Types.GenerateUploadUrlResponse, parent, cancellationToken,
            body: Json(request ?? new GenerateUploadUrlRequest(), GoogleJsonContext.Default.GenerateUploadUrlRequest));
    }

    /// <summary>generateDownloadUrl: a signed URL for the function's source archive (the code its latest
    /// revision was built from).</summary>
    public Task<GenerateDownloadUrlResponse> GenerateDownloadUrlAsync(FunctionName name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(name.ToString(), ":generateDownloadUrl"), RetryPolicy.Read, Types.GenerateDownloadUrlResponse, name.ToString(), cancellationToken,
            body: Json(new GenerateDownloadUrlRequest(), GoogleJsonContext.Default.GenerateDownloadUrlRequest));

    /// <summary>GETs the archive from a signed download URL, without our credentials (as the upload).</summary>
    public async Task<byte[]> DownloadSourceAsync(string downloadUrl, CancellationToken cancellationToken = default)
    {
        using var response = await Client.SendForResponseAsync(
            new GoogleRequest
            {
                Service = Service,
                Method = HttpMethod.Get,
                Path = string.Empty,
                AbsoluteUri = new Uri(downloadUrl),
                Authenticate = false,
                Retry = RetryPolicy.Read,
                ResourceName = "function source download",
                BufferResponse = true,
            },
            cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUTs the zip to the signed URL, without our credentials (they would make GCS check our
    /// identity instead of the signature).</summary>
    public Task UploadSourceAsync(string uploadUrl, ReadOnlyMemory<byte> zip, CancellationToken cancellationToken = default) =>
        Client.SendAsync(
            new GoogleRequest
            {
                Service = Service,
                Method = HttpMethod.Put,
                Path = string.Empty,
                AbsoluteUri = new Uri(uploadUrl),
                Authenticate = false,
                Retry = RetryPolicy.IdempotentWrite,
                Content = GoogleRequest.Bytes(zip, "application/zip"),
                ResourceName = "function source upload",
            },
            cancellationToken);

    /// <summary>Waits for a create/update and returns the function it produced.</summary>
    public Task<Function> WaitForFunctionAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitForResponseAsync(Service, Version, operation, Types.Function, options, cancellationToken);

    /// <summary>Sends a write; while another operation holds the function (409 ABORTED), waits until the
    /// function is no longer DEPLOYING or DELETING and sends it again, for at most the polling timeout.</summary>
    private async Task<Operation> WhenIdleAsync(FunctionName name, string verb, Func<Task<Operation>> write, CancellationToken cancellationToken)
    {
        var polling = Client.Connection.Options.Polling;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return await write().ConfigureAwait(false);
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 409 && ex.Status == "ABORTED" && Stopwatch.GetElapsedTime(started) < polling.Timeout)
            {
                Client.Events.Verbose($"{name.Function}: another operation on the function is in progress ({ex.ApiMessage}); waiting for it to finish, then sending the {verb} again.");
                await WaitUntilSettledAsync(name, polling, started, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitUntilSettledAsync(FunctionName name, OperationPollOptions polling, long started, CancellationToken cancellationToken)
    {
        var interval = polling.InitialInterval;
        while (Stopwatch.GetElapsedTime(started) < polling.Timeout)
        {
            // Wait first: the function was busy a moment ago, and a write that raced another writer
            // should not be sent again at once.
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(polling.MaxInterval.Ticks, (long)(interval.Ticks * polling.Multiplier)));
            try
            {
                if ((await GetAsync(name, cancellationToken).ConfigureAwait(false)).State is not (FunctionState.Deploying or FunctionState.Deleting))
                {
                    return;
                }
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                return;
            }
        }
    }

    public static FunctionOperationMetadata? ReadMetadata(Operation operation) =>
        OperationPoller.ReadMetadata(operation, Types.FunctionOperationMetadata);
}
