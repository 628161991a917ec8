using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Tests.Google;

internal static class TestConnections
{
    /// <summary>Short waits so retry tests stay fast; the decisions under test do not depend on them.</summary>
    public static GoogleRetryOptions FastRetry { get; } = new()
    {
        MaxAttempts = 4,
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(40),
        Deadline = TimeSpan.FromSeconds(30),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Every API rooted at <paramref name="root"/>, an explicit token, no environment.</summary>
    public static Task<GoogleConnection> ForRootAsync(Uri root, GoogleRetryOptions? retry = null, string accessToken = "test-access-token", string? quotaProject = null) =>
        GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            AccessToken = accessToken,
            QuotaProject = quotaProject,
            EndpointOverrides = GoogleServiceInfo.All.ToDictionary(s => s, _ => root),
            Retry = retry ?? FastRetry,
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        });
}
