using System.Net.Http.Headers;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Forwards one request to a worker and copies its answer back, as Cloud Run's front end does:
/// the request's method, path, query, headers and body go through; the revision's <c>timeoutSeconds</c> ends
/// an unanswered request with 504 (https://cloud.google.com/run/docs/configuring/request-timeout); a
/// connection the instance drops (crash, out of memory) is a 503 with Cloud Run's text
/// (https://cloud.google.com/run/docs/troubleshooting#503).</summary>
public sealed class WorkerProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host",
    };

    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
        MaxConnectionsPerServer = int.MaxValue,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The outcome for metrics and the crash count: the status written and whether the worker
    /// answered it (false for the runtime's own 503/504).</summary>
    public async Task<(int Status, bool Answered)> ForwardAsync(HttpContext http, NodeWorker worker, string path, TimeSpan timeout)
    {
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), $"http://127.0.0.1:{worker.Port}{path}{http.Request.QueryString}");
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", http.Request.Scheme);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await RuntimeErrors.WriteAsync(http, 504, "DEADLINE_EXCEEDED", "upstream request timeout").ConfigureAwait(false);
            return (504, false);
        }
        catch (HttpRequestException)
        {
            await RuntimeErrors.WriteAsync(http, 503, "UNAVAILABLE", "The request failed because either the HTTP response was malformed or connection to the instance had an error.").ConfigureAwait(false);
            return (503, false);
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            CopyHeaders(response.Headers, http.Response);
            CopyHeaders(response.Content.Headers, http.Response);
            try
            {
                await response.Content.CopyToAsync(http.Response.Body, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !http.RequestAborted.IsCancellationRequested)
            {
                // Headers are out: the client sees a cut body, as from Cloud Run when an instance dies mid-response.
                http.Abort();
                return (503, false);
            }

            return ((int)response.StatusCode, true);
        }
    }

    public void Dispose() => client.Dispose();

    private static void CopyHeaders(HttpHeaders headers, HttpResponse response)
    {
        foreach (var (name, values) in headers)
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }
    }
}
