using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Runs one check against one resolved URL: up to 1 + <see cref="SmokeCheckDefinition.Retries"/>
/// attempts, each bounded by the check's timeout. A failure is retried unless it is a definite answer: the
/// expected status with a body that fails an assertion is the function's real behaviour, and asking again
/// would only delay the report. Latency is the last attempt's.</summary>
internal sealed class SmokeCheckExecutor(HttpClient http, SecretRedactor secrets, TimeSpan retryDelay)
{
    public const int ExcerptLength = 500;

    public async Task<SmokeCheckResult> RunAsync(SmokeCheckDefinition check, PreparedRequest prepared, IEngineEventSink events, CancellationToken cancellationToken)
    {
        AttemptOutcome outcome = default!;
        var attempts = 0;
        for (var attempt = 0; attempt <= check.Retries; attempt++)
        {
            if (attempt > 0)
            {
                events.Verbose($"Smoke check '{check.Name}': attempt {attempt + 1} after: {outcome.Reason}");
                await Task.Delay(retryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }

            attempts++;
            outcome = await AttemptAsync(check, prepared, cancellationToken).ConfigureAwait(false);
            if (outcome.Passed || outcome.Definite)
            {
                break;
            }
        }

        events.Debug($"Smoke check '{check.Name}' {check.Method} {prepared.Url} -> {outcome.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"} in {outcome.LatencyMs:0} ms: {(outcome.Passed ? "passed" : "failed")}");
        return new SmokeCheckResult
        {
            Name = check.Name,
            Function = check.Function,
            Url = prepared.Url,
            Target = prepared.TargetLabel,
            Revision = prepared.Revision,
            Method = check.Method,
            Auth = check.Auth,
            StatusCode = outcome.StatusCode,
            LatencyMs = Math.Round(outcome.LatencyMs, 1),
            Attempts = attempts,
            Passed = outcome.Passed,
            Reason = secrets.Redact(outcome.Reason),
            FailedAssertion = outcome.FailedAssertion,
            ResponseExcerpt = secrets.Redact(outcome.Excerpt),
        };
    }

    private async Task<AttemptOutcome> AttemptAsync(SmokeCheckDefinition check, PreparedRequest prepared, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(check.Timeout);
        using var request = new HttpRequestMessage(new HttpMethod(check.Method), prepared.Url);
        if (check.Body is not null)
        {
            request.Content = new StringContent(check.Body, Encoding.UTF8, "application/json");
        }

        if (prepared.BearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", prepared.BearerToken);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            // Redacted before anything reads it: an excerpt or an assertion message is cut short, and a
            // cut token would no longer match the redactor.
            var body = secrets.Redact(await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false)) ?? string.Empty;
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return Judge(check, (int)response.StatusCode, body, latency);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AttemptOutcome.Failed(null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"no answer within the timeout of {check.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return AttemptOutcome.Failed(null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"request failed: {ex.Message}");
        }
    }

    internal static AttemptOutcome Judge(SmokeCheckDefinition check, int status, string body, double latencyMs)
    {
        var excerpt = Excerpt(body);
        if (status != check.ExpectedStatus)
        {
            // 4xx other than 408/429 will not change on a retry; 5xx, 408 and 429 might.
            var definite = status is >= 400 and < 500 and not 408 and not 429;
            return AttemptOutcome.Failed(status, latencyMs, $"expected HTTP {check.ExpectedStatus}, got {status}", excerpt) with { Definite = definite };
        }

        if (check.Assertions.Count == 0)
        {
            return AttemptOutcome.Success(status, latencyMs, excerpt);
        }

        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // Left null: every assertion then reports that the body is not JSON.
        }

        using (document)
        {
            foreach (var assertion in check.Assertions)
            {
                if (SmokeAssertionEvaluator.Evaluate(assertion, document?.RootElement) is { } problem)
                {
                    return AttemptOutcome.Failed(status, latencyMs, $"assertion '{assertion.Text}' failed: {problem}", excerpt) with
                    {
                        FailedAssertion = assertion.Text,
                        Definite = true,
                    };
                }
            }
        }

        return AttemptOutcome.Success(status, latencyMs, excerpt);
    }

    private static string? Excerpt(string body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength] + "...";
    }
}

/// <summary>What one attempt produced. <see cref="Definite"/>: retrying cannot change the answer.</summary>
internal sealed record AttemptOutcome(bool Passed, int? StatusCode, double LatencyMs, string? Reason, string? Excerpt)
{
    public bool Definite { get; init; }

    public string? FailedAssertion { get; init; }

    public static AttemptOutcome Success(int status, double latencyMs, string? excerpt) => new(true, status, latencyMs, null, excerpt);

    public static AttemptOutcome Failed(int? status, double latencyMs, string reason, string? excerpt = null) => new(false, status, latencyMs, reason, excerpt);
}

/// <summary>A check ready to send: the full URL, the target's label and revision, and the bearer token
/// (held only in memory, never in a result).</summary>
internal sealed record PreparedRequest(string Url, string TargetLabel, string? Revision, string? BearerToken)
{
    public override string ToString() => $"PreparedRequest {{ Url = {Url}, Target = {TargetLabel} }}";
}
