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

    // Every emulator this session started and has not stopped. The session must keep each one
    // referenced: an EmulatorProcess that is only garbage holds the emulator's stdin pipe, and the
    // finalizer closing that pipe is the emulator's signal to shut down, so a second
    // Start-JobFinderEmulator used to stop the first one at a random later GC.
    private static readonly List<EmulatorProcess> s_emulators = [];

    /// <summary>The emulators this session started, oldest first.</summary>
    public static IReadOnlyList<EmulatorProcess> Emulators
    {
        get
        {
            lock (s_emulators)
            {
                return [.. s_emulators];
            }
        }
    }

    /// <summary>The emulator this session started last, if any is still running.</summary>
    public static EmulatorProcess? Emulator => Emulators.LastOrDefault();

    /// <summary>Keeps a started emulator alive until <see cref="ForgetEmulator"/>.</summary>
    public static void AddEmulator(EmulatorProcess emulator)
    {
        lock (s_emulators)
        {
            s_emulators.Add(emulator);
        }
    }

    /// <summary>
    /// Stops every emulator of the session without a cmdlet (module removal); a failure to stop one
    /// does not keep the others running.
    /// </summary>
    public static void StopAllEmulators()
    {
        foreach (var emulator in Emulators)
        {
            try
            {
                emulator.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or TimeoutException)
            {
                // The process is gone or could not be signalled; Dispose below still releases it.
            }
            finally
            {
                emulator.Dispose();
                ForgetEmulator(emulator);
            }
        }
    }

    /// <summary>Forgets a stopped emulator.</summary>
    public static void ForgetEmulator(EmulatorProcess emulator)
    {
        lock (s_emulators)
        {
            s_emulators.Remove(emulator);
        }
    }

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
