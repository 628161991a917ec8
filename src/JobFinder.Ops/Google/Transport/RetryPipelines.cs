using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using JobFinder.Ops.Events;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace JobFinder.Ops.Google.Transport;

/// <summary>One Polly pipeline per <see cref="RetryPolicy"/>: retry (outer) around a per-attempt timeout
/// (inner). Decisions are made in <see cref="ShouldRetry"/>, which also plans the delay so that a retry
/// whose wait would pass the deadline is never started.</summary>
internal sealed class RetryPipelines(GoogleRetryOptions options)
{
    public static readonly ResiliencePropertyKey<RequestState> StateKey = new("JobFinder.Google.Request");

    private readonly ConcurrentDictionary<RetryPolicy, ResiliencePipeline<AttemptResult>> _pipelines = new();

    public GoogleRetryOptions Options { get; } = options;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Shared by every call of this connection: holds back calls whose quota a 429 said is spent.</summary>
    public QuotaGate Gate => LazyInitializer.EnsureInitialized(ref _gate, () => new QuotaGate(Time));

    private QuotaGate? _gate;

    public ResiliencePipeline<AttemptResult> For(RetryPolicy policy) => _pipelines.GetOrAdd(policy, Build);

    private ResiliencePipeline<AttemptResult> Build(RetryPolicy policy)
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult>();
        if (policy.AllowsAnyRetry && Options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = Options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).PlannedDelay),
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(StateKey, null!);
                    args.Outcome.Result?.Dispose();
                    state.Events.Verbose(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Retrying {state.Request.Method} {state.Label} after {state.LastFailure} (attempt {args.AttemptNumber + 2} of {Options.MaxAttempts}, waiting {args.RetryDelay.TotalSeconds:0.###} s)"));
                    return ValueTask.CompletedTask;
                },
            });
        }

        // No timeout strategy: each attempt is bounded by ApiHttpClient.Timeout (GoogleConnection).
        return builder.Build();
    }

    private bool ShouldRetry(Outcome<AttemptResult> outcome, int attemptNumber, ResilienceContext context)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        var policy = state.Request.Retry;
        bool retryable;
        if (outcome.Exception is { } exception)
        {
            (retryable, state.LastFailure) = exception switch
            {
                TimeoutRejectedException => (policy.RetriesAfterSend, $"no response within {Options.AttemptTimeout.TotalSeconds:0.#} s"),
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } http =>
                    (policy.AllowsAnyRetry, $"a connection failure ({http.Message})"),
                HttpRequestException or IOException => (policy.RetriesAfterSend, $"a network error ({exception.Message})"),
                _ => (false, exception.GetType().Name),
            };
        }
        else if (outcome.Result?.Error is { } error)
        {
            retryable = policy.RetriesStatus(error.HttpStatus, error.RetryDelay is not null);
            state.LastFailure = error.HttpStatus.ToString(CultureInfo.InvariantCulture);
            if (QuotaRefusal.Describe(error) is { } quota)
            {
                state.LastFailure += " " + quota;
                if (error.RetryDelay is { } refill)
                {
                    Gate.Close(state.Request, RetryDelays.PastTheWindow(refill));
                }
            }
        }
        else
        {
            return false;
        }

        if (!retryable)
        {
            return false;
        }

        var delay = RetryDelays.ServerHint(outcome.Result, Time) ?? RetryDelays.Backoff(attemptNumber, Options);
        if (outcome.Result?.Error is { RetryDelay: not null } quotaError && QuotaRefusal.Describe(quotaError) is not null)
        {
            delay = RetryDelays.PastTheWindow(delay);
        }

        var elapsed = Stopwatch.GetElapsedTime(state.StartTimestamp);
        if (elapsed + delay > Options.Deadline)
        {
            state.Events.Verbose(string.Create(
                CultureInfo.InvariantCulture,
                $"Not retrying {state.Request.Method} {state.Label} after {state.LastFailure}: waiting {delay.TotalSeconds:0.###} s would pass the {Options.Deadline.TotalSeconds:0.#} s deadline"));
            return false;
        }

        state.PlannedDelay = delay;
        return true;
    }
}
