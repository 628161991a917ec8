using JobFinder.Ops.Emulator;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>
/// Process-wide session state, like Az's context or gcloud's active configuration: which credentials
/// Connect-JobFinderProject chose, the GoogleConnection built from them (reused: it holds the HTTP
/// connection pool and the token cache), and the emulators Start-JobFinderEmulator launched.
/// The connection is rebuilt whenever the options or JOBFINDER_EMULATOR_HOST change.
/// <para>A session pointed at an emulator never turns to Google by itself: before every command's
/// connection it checks that the emulator still accepts connections (<see cref="EnsureReachableAsync"/>),
/// and stopping the emulator it points at returns it to the emulator it pointed at before (when that
/// one still runs) or leaves it not connected until Start-JobFinderEmulator or Connect-JobFinderProject.</para>
/// </summary>
internal static class JobFinderSession
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static readonly Lock s_stateLock = new();
    private static GoogleClientOptions s_options = new();
    private static GoogleConnection? s_connection;
    private static string? s_connectionKey;
    private static string? s_notConnectedReason;

    // Every emulator this session started and has not stopped. The session must keep each one
    // referenced: an EmulatorProcess that is only garbage holds the emulator's stdin pipe, and the
    // finalizer closing that pipe is the emulator's signal to shut down, so a second
    // Start-JobFinderEmulator used to stop the first one at a random later GC.
    private static readonly List<SessionEmulator> s_emulators = [];

    /// <summary>The emulators this session started, oldest first (an emulator that was killed stays
    /// listed until Stop-JobFinderEmulator, so the session can say what happened to it).</summary>
    public static IReadOnlyList<SessionEmulator> Emulators
    {
        get
        {
            lock (s_stateLock)
            {
                return [.. s_emulators];
            }
        }
    }

    /// <summary>The emulator this session started last, if any is still listed.</summary>
    public static SessionEmulator? Emulator => Emulators.LastOrDefault();

    public static GoogleClientOptions Options => s_options;

    /// <summary>Why the session is not connected (the emulator it pointed at was stopped and none it
    /// pointed at before still runs); null when it is connected.</summary>
    public static string? NotConnectedReason => s_notConnectedReason;

    /// <summary>Where the session points now.</summary>
    public static SessionTarget CurrentTarget => new(s_options, SessionTarget.ReadEmulatorHostVariable());

    /// <summary>The listed emulator this session started at <paramref name="emulatorHost"/>, if any.</summary>
    public static SessionEmulator? FindEmulator(string emulatorHost) =>
        Emulators.LastOrDefault(e => string.Equals(e.EmulatorHost, emulatorHost, StringComparison.OrdinalIgnoreCase));

    /// <summary>How the session came to point at <paramref name="emulatorHost"/>.</summary>
    public static EmulatorOrigin OriginOf(SessionTarget target, string emulatorHost) =>
        FindEmulator(emulatorHost) is not null ? EmulatorOrigin.StartedBySession
        : target.Options.EmulatorHost is not null ? EmulatorOrigin.ConnectParameter
        : EmulatorOrigin.EnvironmentVariable;

    /// <summary>Points the session (and, through JOBFINDER_EMULATOR_HOST, its child processes) at an
    /// emulator it just started, with the emulator's deployer key, remembering where it pointed before.</summary>
    public static void UseStartedEmulator(EmulatorProcess emulator)
    {
        var started = new SessionEmulator(emulator, CurrentTarget);
        lock (s_stateLock)
        {
            s_emulators.Add(started);
        }

        // Like FIRESTORE_EMULATOR_HOST for gcloud and the Firebase SDKs.
        Environment.SetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable, started.EmulatorHost);
        Configure(new GoogleClientOptions
        {
            KeyFilePath = emulator.Instance.KeyFilePath,
            EmulatorHost = started.EmulatorHost,
        });
    }

    /// <summary>Replaces the connection options (the session is connected again); the next call connects afresh.</summary>
    public static void Configure(GoogleClientOptions options)
    {
        s_gate.Wait();
        try
        {
            s_options = options;
            s_notConnectedReason = null;
            s_connection?.Dispose();
            s_connection = null;
            s_connectionKey = null;
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>
    /// Forgets an emulator that was stopped. When the session pointed at it, the session returns to
    /// where it pointed before that emulator started, if that is an emulator that still accepts
    /// connections (walking further back past ones that have died since); otherwise it becomes not
    /// connected: never Google, even when the session used Google before.
    /// </summary>
    public static async Task<SessionChange> ForgetStoppedEmulatorAsync(SessionEmulator stopped, CancellationToken cancellationToken)
    {
        lock (s_stateLock)
        {
            s_emulators.Remove(stopped);
            foreach (var later in s_emulators.Where(e => SameHost(e.Previous.EmulatorHost, stopped.EmulatorHost)))
            {
                later.Previous = stopped.Previous;
            }
        }

        var current = CurrentTarget;
        var pointedAtIt = SameHost(current.EmulatorHost, stopped.EmulatorHost);
        var variableNamedIt = SameHost(current.EmulatorHostVariable, stopped.EmulatorHost);
        if (!pointedAtIt && !variableNamedIt)
        {
            return SessionChange.Unaffected;
        }

        var next = await FindRunningTargetAsync(stopped.Previous, cancellationToken).ConfigureAwait(false);
        if (variableNamedIt)
        {
            Environment.SetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable, next?.EmulatorHostVariable);
        }

        if (!pointedAtIt)
        {
            return SessionChange.Unaffected;
        }

        if (next is null)
        {
            Configure(new GoogleClientOptions());
            s_notConnectedReason = $"the emulator at {stopped.EmulatorHost} that this session started was stopped";
            return SessionChange.NotConnected(stopped.EmulatorHost);
        }

        Configure(next.Options);
        return SessionChange.ReturnedTo(next.EmulatorHost!);
    }

    /// <summary>
    /// Stops every emulator of the session without a cmdlet (module removal), newest first; a failure
    /// to stop one does not keep the others running.
    /// </summary>
    public static void StopAllEmulators()
    {
        foreach (var emulator in Emulators.Reverse())
        {
            try
            {
                emulator.Process.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or TimeoutException)
            {
                // The process is gone or could not be signalled; Dispose below still releases it.
            }
            finally
            {
                emulator.Process.Dispose();
                ForgetStoppedEmulatorAsync(emulator, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// Throws SessionNotConnected when the session is not connected, or EmulatorUnreachable when it
    /// points at an emulator that is gone. Runs before any credential is loaded, so a session whose
    /// emulator vanished makes no request anywhere (in particular none to Google).
    /// </summary>
    public static async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        var target = CurrentTarget;
        if (target.EmulatorHost is not { } host)
        {
            if (s_notConnectedReason is { } reason)
            {
                throw SessionErrors.NotConnected(reason);
            }

            return;
        }

        if (await FindEmulatorProblemAsync(host, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw SessionErrors.EmulatorUnreachable(host, OriginOf(target, host), FindEmulator(host)?.Process.Instance.ProcessId, problem);
        }
    }

    /// <summary>Null when the emulator at <paramref name="emulatorHost"/> accepts connections, else why not.</summary>
    public static async Task<string?> FindEmulatorProblemAsync(string emulatorHost, CancellationToken cancellationToken)
    {
        if (FindEmulator(emulatorHost)?.Process is { ExitCode: { } exitCode } process)
        {
            return $"its process {process.Instance.ProcessId} exited with code {exitCode}";
        }

        return await EmulatorProbe.FindProblemAsync(emulatorHost, EmulatorProbe.DefaultTimeout, cancellationToken).ConfigureAwait(false) is { } refused
            ? $"nothing accepts connections there ({refused})"
            : null;
    }

    public static async Task<GoogleConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        await EnsureReachableAsync(cancellationToken).ConfigureAwait(false);
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

    private static async Task<SessionTarget?> FindRunningTargetAsync(SessionTarget? target, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (target?.EmulatorHost is { } host && visited.Add(host))
        {
            if (await FindEmulatorProblemAsync(host, cancellationToken).ConfigureAwait(false) is null)
            {
                return target;
            }

            // One this session started and that died since: go on to where it was started from.
            target = FindEmulator(host)?.Previous;
        }

        return null;
    }

    private static bool SameHost(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>What identifies a connection; tokens are compared by hash so they never sit in a key string.</summary>
    private static string KeyOf(GoogleClientOptions options) => string.Join(
        "|",
        options.KeyFilePath,
        options.AccessToken is null ? string.Empty : options.AccessToken.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture),
        options.EmulatorHost ?? Environment.GetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable),
        options.QuotaProject,
        options.ProjectId);
}
