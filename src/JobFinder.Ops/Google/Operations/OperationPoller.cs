using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Operations;

/// <summary>Polls <c>GET &lt;root&gt;/&lt;version&gt;/&lt;operation.name&gt;</c> until done, with a growing
/// interval, an overall timeout and prompt cancellation (the wait observes the token, so Ctrl+C stops
/// it at once), reporting progress from the operation's metadata. Polls are reads: the transport retries
/// them on 429/5xx.</summary>
public sealed class OperationPoller(GoogleRestClient client)
{
    /// <summary>Waits and returns the finished operation; throws <see cref="GoogleApiException"/> when it
    /// ended in error and a <see cref="JobFinderException"/> <c>OperationTimedOut</c> on timeout.</summary>
    public async Task<Operation> WaitAsync(GoogleService service, string version, Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        options ??= client.Connection.Options.Polling;
        var name = operation.Name ?? throw new ArgumentException("The operation has no name to poll.", nameof(operation));
        var activityId = ProgressIds.ForOperation(name);
        var started = Stopwatch.GetTimestamp();
        var interval = options.InitialInterval;
        var last = (Activity: string.Empty, Status: string.Empty);
        try
        {
            while (!operation.Done)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                var (activity, status, percent) = OperationProgress.Describe(operation, elapsed);
                if ((activity, status) != last)
                {
                    client.Events.Progress(new ProgressInfo(activityId, activity, status, percent));
                    last = (activity, status);
                }

                var remaining = options.Timeout - elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    throw new JobFinderException(
                        "OperationTimedOut",
                        ErrorKind.OperationTimeout,
                        string.Create(CultureInfo.InvariantCulture, $"Operation {name} did not finish within {options.Timeout.TotalSeconds:0.###} s; it may still complete on the server."),
                        name);
                }

                await Task.Delay(interval < remaining ? interval : remaining, cancellationToken).ConfigureAwait(false);
                operation = await GetAsync(service, version, name, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * options.Multiplier), options.MaxInterval.Ticks));
            }
        }
        finally
        {
            if (last.Activity.Length > 0)
            {
                client.Events.Progress(new ProgressInfo(activityId, last.Activity, "done", 100, Completed: true));
            }
        }

        if (operation.Error is { } error)
        {
            var details = GoogleErrorParser.FromRpcStatus(error.Code, error.Message, error.Details);
            throw new GoogleApiException(details, "GET", GoogleRestClient.DisplayUrl(client.BuildUri(PollRequest(service, version, name)), withQuery: false), resourceName: null, operationName: name);
        }

        return operation;
    }

    /// <summary>Waits, then binds the operation's <c>response</c> to <typeparamref name="T"/>.</summary>
    public async Task<T> WaitForResponseAsync<T>(GoogleService service, string version, Operation operation, JsonTypeInfo<T> responseType, OperationPollOptions? options = null, CancellationToken cancellationToken = default)
    {
        var done = await WaitAsync(service, version, operation, options, cancellationToken).ConfigureAwait(false);
        return ReadResponse(done, responseType);
    }

    public Task<Operation> GetAsync(GoogleService service, string version, string operationName, CancellationToken cancellationToken) =>
        client.SendAsync(PollRequest(service, version, operationName), GoogleJsonContext.Default.Operation, cancellationToken);

    /// <summary>The typed <c>response</c> of a finished operation (an empty object when it has none).</summary>
    public static T ReadResponse<T>(Operation operation, JsonTypeInfo<T> responseType)
    {
        var element = operation.Response ?? JsonDocument.Parse("{}").RootElement;
        return element.Deserialize(responseType)
            ?? throw new JobFinderException("GoogleApiResponseInvalid", ErrorKind.InvalidData, $"Operation {operation.Name} has a null response.", operation.Name);
    }

    /// <summary>The typed <c>metadata</c> of an operation, or null when it has none.</summary>
    public static T? ReadMetadata<T>(Operation operation, JsonTypeInfo<T> metadataType)
        where T : class =>
        operation.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.Deserialize(metadataType) : null;

    private static GoogleRequest PollRequest(GoogleService service, string version, string name) => new()
    {
        Service = service,
        Method = HttpMethod.Get,
        Path = $"{version}/{GooglePath.Reserved(name)}",
        Retry = RetryPolicy.Read,
        ResourceName = name,
    };
}
