using JobFinder.Ops.Emulator;
using JobFinder.Ops.Google;

namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>
/// Process-wide session state, like Az's context or gcloud's active configuration: which credentials
/// Connect-JobFinderProject chose, the GoogleConnection built from them (reused: it holds the HTTP
/// connection pool and the token cache), and the emulator Start-JobFinderEmulator launched.
/// The connection is rebuilt whenever the options or JOBFINDER_EMULATOR_HOST change.
/// </summary>
internal static class JobFinderSession
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static GoogleClientOptions s_options = new();
    private static GoogleConnection? s_connection;
    private static string? s_connectionKey;

    /// <summary>The emulator this session started, if any.</summary>
    public static EmulatorProcess? Emulator { get; set; }

    public static GoogleClientOptions Options => s_options;

    /// <summary>Replaces the connection options; the next call connects afresh.</summary>
    public static void Configure(GoogleClientOptions options)
    {
        s_gate.Wait();
        try
        {
            s_options = options;
            s_connection?.Dispose();
            s_connection = null;
            s_connectionKey = null;
        }
        finally
        {
            s_gate.Release();
        }
    }

    public static async Task<GoogleConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var key = KeyOf(s_options);
        await s_gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s_connection is not null && s_connectionKey == key)
            {
                return s_connection;
            }

            var connection = await GoogleConnection.ConnectAsync(s_options, cancellationToken).ConfigureAwait(false);
            s_connection?.Dispose();
            s_connection = connection;
            s_connectionKey = key;
            return connection;
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>What identifies a connection; tokens are compared by hash so they never sit in a key string.</summary>
    private static string KeyOf(GoogleClientOptions options) => string.Join(
        "|",
        options.KeyFilePath,
        options.AccessToken is null ? string.Empty : options.AccessToken.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture),
        options.EmulatorHost ?? Environment.GetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable),
        options.QuotaProject,
        options.ProjectId);
}
