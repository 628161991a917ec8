using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Google.Apis.Auth.OAuth2.Responses;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Transport;
using Polly;
using Polly.Timeout;

namespace JobFinder.Ops.Google;

/// <summary>Sends <see cref="GoogleRequest"/>s: adds the bearer token and quota project, retries per the
/// request's <see cref="RetryPolicy"/>, reports each attempt as a Debug event (method, URL without
/// secrets, status, duration, request id — never headers or bodies), and turns errors into
/// <see cref="GoogleApiException"/>. Cheap to create: the connection holds everything costly, this
/// adds the event sink of the current caller.</summary>
public sealed class GoogleRestClient
{
    private static readonly string[] s_requestIdHeaders = ["x-goog-request-id", "x-request-id", "x-guploader-uploadid", "x-cloud-trace-context"];
    private static readonly HashSet<string> s_secretQueryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "access_token", "token", "signature", "x-goog-signature", "x-goog-credential", "x-amz-signature", "sig",
    };

    public GoogleRestClient(GoogleConnection connection, IEngineEventSink? events = null)
    {
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Events = events ?? NullEventSink.Instance;
    }

    public GoogleConnection Connection { get; }

    public IEngineEventSink Events { get; }

    /// <summary>The same connection reporting to another sink.</summary>
    public GoogleRestClient WithEvents(IEngineEventSink events) => new(Connection, events);

    /// <summary>Sends and deserializes the JSON response.</summary>
    public async Task<T> SendAsync<T>(GoogleRequest request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendForResponseAsync(request with { BufferResponse = true }, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            bytes = "{}"u8.ToArray();
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, responseType)
                ?? throw new JsonException("The response body was JSON null.");
        }
        catch (JsonException ex)
        {
            throw new JobFinderException(
                "GoogleApiResponseInvalid",
                ErrorKind.InvalidData,
                $"{request.Method} {request.ResourceName ?? Describe(request)} returned a response that is not a valid {typeof(T).Name}: {ex.Message}",
                request.ResourceName,
                ex);
        }
    }

    /// <summary>Sends and discards the (successful) response body.</summary>
    public async Task SendAsync(GoogleRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendForResponseAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends and returns the successful response; the caller disposes it. With
    /// <see cref="GoogleRequest.BufferResponse"/> false the body is still streaming.</summary>
    public async Task<HttpResponseMessage> SendForResponseAsync(GoogleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = BuildUri(request);
        var state = new RequestState(request, uri, Events);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RetryPipelines.StateKey, state);
        Outcome<AttemptResult> outcome;
        try
        {
            outcome = await Connection.Pipelines.For(request.Retry)
                .ExecuteOutcomeAsync(static (ctx, s) => s.Client.AttemptOutcomeAsync(s.State, ctx.CancellationToken), context, (Client: this, State: state))
                .ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            throw Translate(exception, state, cancellationToken);
        }

        var result = outcome.Result!;
        if (result.Error is { } error)
        {
            result.Dispose();
            throw new GoogleApiException(error, request.Method.Method, DisplayUrl(uri, withQuery: false), request.ResourceName);
        }

        return result.Response;
    }

    /// <summary>Root URL of an API as resolved for this connection.</summary>
    public Uri Root(GoogleService service) => Connection.Endpoints[service];

    internal Uri BuildUri(GoogleRequest request)
    {
        var builder = new StringBuilder();
        bool hasQuery;
        if (request.AbsoluteUri is { } absolute)
        {
            builder.Append(absolute.AbsoluteUri);
            hasQuery = absolute.AbsoluteUri.Contains('?');
        }
        else
        {
            var path = request.Path.TrimStart('/');
            builder.Append(Root(request.Service).AbsoluteUri).Append(path);
            hasQuery = path.Contains('?');
        }

        var separator = hasQuery ? '&' : '?';
        foreach (var (name, value) in request.Query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(builder.ToString());
    }

    /// <summary>URL for events and messages: query values that can carry secrets (API keys, signed-URL
    /// signatures, tokens) are replaced with <c>REDACTED</c>.</summary>
    internal static string DisplayUrl(Uri uri, bool withQuery)
    {
        var head = uri.GetLeftPart(UriPartial.Path);
        if (!withQuery || string.IsNullOrEmpty(uri.Query))
        {
            return head;
        }

        var parts = uri.Query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? parts[i] : parts[i][..equals]);
            if (s_secretQueryNames.Contains(name))
            {
                parts[i] = name + "=REDACTED";
            }
        }

        return head + "?" + string.Join('&', parts);
    }

    private async ValueTask<Outcome<AttemptResult>> AttemptOutcomeAsync(RequestState state, CancellationToken cancellationToken)
    {
        try
        {
            return Outcome.FromResult(await AttemptAsync(state, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<AttemptResult>(ex);
        }
    }

    private async Task<AttemptResult> AttemptAsync(RequestState state, CancellationToken cancellationToken)
    {
        var request = state.Request;
        if (request.AbsoluteUri is null)
        {
            var left = Connection.Options.Retry.Deadline - Stopwatch.GetElapsedTime(state.StartTimestamp);
            await Connection.Pipelines.Gate.WaitAsync(request, state.Label, state.Events, left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        using var message = new HttpRequestMessage(request.Method, state.Uri);
        if (request.Content is { } content)
        {
            message.Content = content();
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Authenticate)
        {
            var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (Connection.QuotaProject is { } quotaProject)
            {
                message.Headers.TryAddWithoutValidation("x-goog-user-project", quotaProject);
            }
        }

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            // Buffered: HttpClient reads the body within the attempt, so the attempt timeout covers
            // a body that stalls as well. Streamed (downloads): the caller reads the body under its
            // own token, as a large export may take longer than one attempt's timeout.
            var completion = request.BufferResponse ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead;
            response = await Connection.ApiHttpClient.SendAsync(message, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout (the attempt timeout) elapsed; the retry rules and the error
            // translation know that case as a TimeoutRejectedException.
            throw new TimeoutRejectedException(ex.Message, Connection.Options.Retry.AttemptTimeout, ex);
        }

        try
        {
            GoogleErrorDetails? error = null;
            if (!response.IsSuccessStatusCode)
            {
                error = GoogleErrorParser.FromHttpBody(response.StatusCode, await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false));
            }

            EmitDebug(state, response, Stopwatch.GetElapsedTime(started));
            return new AttemptResult(response, error);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // A streamed response's error body has not been read yet; bound that read by the attempt timeout
    // too (a buffered one is already in memory).
    private async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(Connection.Options.Retry.AttemptTimeout);
        try
        {
            return await response.Content.ReadAsStringAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutRejectedException("The error response's body did not arrive in time.", Connection.Options.Retry.AttemptTimeout, ex);
        }
    }

    /// <summary>Obtains (and discards) an access token, so a bad key file, an expired token or an
    /// unreachable token server fails at connect time with a clear error rather than mid-deployment.</summary>
    public async Task VerifyCredentialsAsync(CancellationToken cancellationToken) =>
        _ = await GetTokenAsync(cancellationToken).ConfigureAwait(false);

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Connection.Credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException ex)
        {
            // Error and ErrorDescription are the token server's words (e.g. invalid_grant); no secrets.
            throw new JobFinderException(
                "GoogleAuthenticationFailed",
                ErrorKind.AuthenticationError,
                $"Could not obtain an access token for {Connection.Principal}: {ex.Error?.Error} {ex.Error?.ErrorDescription}".TrimEnd(),
                Connection.Principal);
        }
    }

    private void EmitDebug(RequestState state, HttpResponseMessage response, TimeSpan elapsed)
    {
        // Nobody listens (benchmarks, engine-internal clients): skip the header lookups and formatting,
        // which are a measurable share of a loopback call.
        if (ReferenceEquals(Events, NullEventSink.Instance))
        {
            return;
        }

        string? requestId = null;
        foreach (var header in s_requestIdHeaders)
        {
            if (response.Headers.TryGetValues(header, out var values))
            {
                requestId = values.FirstOrDefault();
                break;
            }
        }

        var id = requestId is null ? string.Empty : $", request id {requestId}";
        Events.Debug(string.Create(
            CultureInfo.InvariantCulture,
            $"{state.Request.Method} {DisplayUrl(state.Uri, withQuery: state.Request.AbsoluteUri is null)} -> {(int)response.StatusCode} {response.ReasonPhrase} in {elapsed.TotalMilliseconds:0} ms{id}"));
    }

    private Exception Translate(Exception exception, RequestState state, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var target = request.ResourceName ?? DisplayUrl(state.Uri, withQuery: false);
        return exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
            TimeoutRejectedException => new JobFinderException(
                "GoogleApiTimeout",
                ErrorKind.OperationTimeout,
                $"{request.Method} {target} got no response within {Connection.Options.Retry.AttemptTimeout.TotalSeconds:0.#} s.",
                target,
                exception),
            HttpRequestException or IOException => new JobFinderException(
                "GoogleApiConnectionFailed",
                ErrorKind.ConnectionError,
                $"{request.Method} {DisplayUrl(state.Uri, withQuery: false)} failed: {exception.Message}",
                target,
                exception),
            _ => exception,
        };
    }

    private static string Describe(GoogleRequest request) => request.AbsoluteUri?.GetLeftPart(UriPartial.Path) ?? request.Path;
}
