using System.Globalization;
using System.Net;
using System.Text;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Notifications;

/// <summary>Posts messages to chat webhooks. It never throws for a delivery problem: a timeout, a
/// 4xx/5xx, a refused connection or an unknown host becomes a Warning event and a
/// <see cref="NotificationResult"/> with <c>Delivered = false</c>, because a chat outage must never stop
/// or fail a deployment. Only the caller's own cancellation propagates. The webhook URL is never
/// written anywhere; messages name its host. See docs/design/notifications.md.</summary>
public sealed class Notifier(NotifierOptions? options = null)
{
    private const int MaxErrorBodyChars = 200;

    /// <summary>One client for every notifier: webhooks are few and the handler pools connections.
    /// Timeouts are per attempt (a linked token), so the client's own timeout is off.</summary>
    private static readonly HttpClient s_http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly NotifierOptions _options = options ?? NotifierOptions.Default;

    /// <summary>Announces <paramref name="phase"/> of <paramref name="record"/> (the call the deployment
    /// and the undo make; see docs/design/notifications.md).</summary>
    public Task<NotificationResult> NotifyAsync(WebhookTarget target, NotificationPhase phase, DeploymentRecord record, NotificationContext? context, IEngineEventSink events, CancellationToken cancellationToken) =>
        SendAsync(target, DeploymentMessageComposer.Compose(phase, record, context), events, cancellationToken);

    /// <summary>Posts <paramref name="message"/> in the target's format.</summary>
    public async Task<NotificationResult> SendAsync(WebhookTarget target, NotificationMessage message, IEngineEventSink events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        events ??= NullEventSink.Instance;
        var json = WebhookPayloads.Build(target.Format, message).ToJsonString();
        var what = message.Phase is { } phase ? $"'{phase}' notification" : "notification";
        events.Verbose($"Sending the {what} to the {target}.");

        int? status = null;
        string? error = null;
        var attempts = 0;
        while (attempts < Math.Max(1, _options.MaxAttempts))
        {
            attempts++;
            TimeSpan? retryAfter = null;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_options.AttemptTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.Uri)
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };
                using var response = await s_http.SendAsync(request, attempt.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    events.Debug($"The {target} accepted the {what} with {status} after {attempts} attempt(s).");
                    return Result(target, message, delivered: true, status, attempts, error: null);
                }

                var body = await ReadSomeAsync(response, attempt.Token).ConfigureAwait(false);
                error = $"HTTP {status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : string.Empty)}";
                retryAfter = response.Headers.RetryAfter?.Delta;
                if (!IsTransient(response.StatusCode))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                status = null;
                error = string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException ex)
            {
                status = null;
                error = ex.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => "the host name could not be resolved",
                    HttpRequestError.ConnectionError => "the connection was refused or reset",
                    HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                    _ => ex.Message,
                };
            }

            if (attempts < _options.MaxAttempts)
            {
                await Task.Delay(Delay(attempts, retryAfter), cancellationToken).ConfigureAwait(false);
            }
        }

        var scrubbed = Scrub(error ?? "unknown error", target.Uri);
        events.Warning($"Could not deliver the {what} to the {target}: {scrubbed} ({attempts} attempt(s)). The deployment goes on.");
        return Result(target, message, delivered: false, status, attempts, scrubbed);
    }

    private static NotificationResult Result(WebhookTarget target, NotificationMessage message, bool delivered, int? status, int attempts, string? error) => new()
    {
        Host = target.Host,
        Format = target.Format,
        Phase = message.Phase,
        Delivered = delivered,
        StatusCode = status,
        Attempts = attempts,
        Error = error,
    };

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var backoff = _options.RetryDelay * Math.Pow(2, attempt - 1);
        var chosen = retryAfter ?? backoff;
        return chosen > _options.MaxRetryDelay ? _options.MaxRetryDelay : chosen;
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            body = body.ReplaceLineEndings(" ").Trim();
            return NotificationText.Truncate(body, MaxErrorBodyChars);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Removes anything of the URL beyond the host from <paramref name="text"/>: the path and
    /// query hold the webhook's token, and an error body or exception message might echo them.</summary>
    internal static string Scrub(string text, Uri uri)
    {
        var secrets = new List<string> { uri.AbsoluteUri, uri.OriginalString, uri.PathAndQuery };
        if (uri.AbsolutePath.Length > 1)
        {
            secrets.Add(uri.AbsolutePath);
            secrets.AddRange(uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s.Length >= 8));
        }

        if (uri.Query.Length > 1)
        {
            secrets.AddRange(uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[1].Length > 0).Select(p => p[1]));
        }

        foreach (var secret in secrets.Where(s => s.Length > 1).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "<redacted>", StringComparison.Ordinal);
        }

        return text;
    }
}
