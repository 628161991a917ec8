namespace JobFinder.Ops.Model;

/// <summary>The Cloud Scheduler retry policy of a scheduled function (firebase-tools' <c>retryConfig</c>),
/// each value null when the code leaves it to the default.</summary>
public sealed record ScheduleRetryConfig(int? RetryCount, int? MaxRetrySeconds, int? MinBackoffSeconds, int? MaxBackoffSeconds, int? MaxDoublings);
