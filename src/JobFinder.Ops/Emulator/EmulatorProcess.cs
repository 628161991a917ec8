using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Emulator;

/// <summary>
/// The emulator running as a child process. It is started with redirected stdin: the emulator
/// exits when its stdin closes, so even if this PowerShell process is killed the emulator does not
/// outlive it. It runs outside the terminal's process group (<c>--own-session</c> on Unix, a new
/// process group on Windows), so a Ctrl+C typed at the session's prompt, which the terminal sends to
/// every process of its foreground group, does not stop it. Its first stdout line carries the address
/// and the second the info JSON (see docs/design/emulator-contract.md); later output is drained so
/// the pipe never fills.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    private const string ReadyPrefix = "JobFinder.Ops.Emulator listening on ";
    private readonly Process _process;

    private EmulatorProcess(Process process, EmulatorInstance instance, string testUserPassword)
    {
        _process = process;
        Instance = instance;
        _testUserPassword = testUserPassword;
    }

    // Held for the smoke user's variables only: never on the instance, in a message or on a stream.
    private readonly string _testUserPassword;
    private EmulatorSmokeUser? _smokeUser;

    public EmulatorInstance Instance { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (137 on Linux after SIGKILL), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static async Task<EmulatorProcess> StartAsync(EmulatorLaunchOptions options, IEngineEventSink events, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(options.EmulatorDirectory, "JobFinder.Ops.Emulator.dll");
        if (!File.Exists(dll))
        {
            throw new JobFinderException("EmulatorNotFound", ErrorKind.ObjectNotFound, $"The emulator is not at '{dll}'. Build the module with ./build.ps1.", dll);
        }

        var start = new ProcessStartInfo(FindDotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.EmulatorDirectory,
        };
        start.ArgumentList.Add(dll);

        // Ctrl+C at the session's prompt must not reach the emulator: the terminal sends SIGINT to its
        // whole foreground process group, which a child inherits. .NET has no Unix option for that, so
        // the emulator leaves the group itself (setsid) when told to; on Windows a new process group
        // has Ctrl+C disabled (CREATE_NEW_PROCESS_GROUP).
        start.ArgumentList.Add("--own-session");
        if (OperatingSystem.IsWindows())
        {
            start.CreateNewProcessGroup = true;
        }

        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(options.Port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--profile");
        start.ArgumentList.Add(options.Profile);
        if (options.TimeScale is { } scale)
        {
            start.ArgumentList.Add("--time-scale");
            start.ArgumentList.Add(scale.ToString("R", CultureInfo.InvariantCulture));
        }
        if (options.DataPath is not null)
        {
            start.ArgumentList.Add("--data-path");
            start.ArgumentList.Add(options.DataPath);
        }

        foreach (var project in options.ProjectIds)
        {
            start.ArgumentList.Add("--project");
            start.ArgumentList.Add(project);
        }

        if (options.Strict)
        {
            start.ArgumentList.Add("--strict");
        }

        events.Verbose($"Starting the emulator: {start.FileName} {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new JobFinderException("EmulatorStartFailed", ErrorKind.ResourceUnavailable, "The emulator process could not be started.", dll);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartTimeout);
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (first is null || !first.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                throw new JobFinderException("EmulatorStartFailed", ErrorKind.ResourceUnavailable, $"The emulator did not start (exit code {(process.HasExited ? process.ExitCode : -1)}); it printed: {first}", dll);
            }

            var infoLine = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) ?? "{}";
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            var (instance, password) = ParseInstance(first[ReadyPrefix.Length..].Trim(), infoLine, process.Id);
            events.Verbose($"Emulator {instance.Address} is ready (process {process.Id}, profile {instance.Profile}).");
            return new EmulatorProcess(process, instance, password);
        }
        catch
        {
            TryKill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Closes the emulator's stdin (its signal to shut down), waits briefly, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(_process);
        }
    }

    /// <summary>Sets the smoke-test user's variables for <paramref name="projectId"/> (see
    /// <see cref="EmulatorSmokeUser"/>); <see cref="Instance"/> then says what was set. Dispose puts the
    /// previous values back.</summary>
    public EmulatorInstance SetSmokeUser(SmokeAuthSettings names, string projectId, string? environment, IEngineEventSink events)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(events);
        if (!Instance.ApiKeys.TryGetValue(projectId, out var apiKey))
        {
            throw new JobFinderException("EmulatorProjectNotServed", ErrorKind.InvalidArgument,
                $"The emulator serves {string.Join(", ", Instance.ProjectIds)}, not {projectId}, so it has no web API key for it.", projectId)
            {
                RecommendedAction = $"Start the emulator with -ProjectId listing {projectId}, or choose another -Environment.",
            };
        }

        _smokeUser?.Restore();
        _smokeUser = EmulatorSmokeUser.Apply(names, apiKey, Instance.TestUserEmail, _testUserPassword, Instance.ApiKeys.Values, Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);
        Instance = Instance with { SmokeProjectId = projectId, SmokeEnvironment = environment, SmokeVariables = _smokeUser.Variables };
        events.Verbose($"Set {string.Join(", ", _smokeUser.Variables)} for the smoke checks: the web API key of {projectId} and the emulator's test user {Instance.TestUserEmail}.");
        return Instance;
    }

    public void Dispose()
    {
        TryKill(_process);
        _process.Dispose();

        // The emulator's key and user mean nothing without it; the values they replaced come back.
        _smokeUser?.Restore();
        _smokeUser = null;
    }

    private static (EmulatorInstance Instance, string Password) ParseInstance(string address, string infoJson, int processId)
    {
        using var info = JsonDocument.Parse(infoJson);
        var root = info.RootElement;
        var uri = new Uri(address.EndsWith('/') ? address : address + "/");
        var password = root.GetProperty("testUser").GetProperty("password").GetString()!;
        return (new EmulatorInstance
        {
            Address = uri.ToString(),
            EmulatorHost = $"{uri.Host}:{uri.Port}",
            ProcessId = processId,
            KeyFilePath = root.GetProperty("keyFilePath").GetString()!,
            ReadOnlyKeyFilePath = root.GetProperty("readOnlyKeyFilePath").GetString()!,
            ProjectIds = root.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!).ToArray(),
            ApiKey = root.GetProperty("apiKey").GetString()!,
            ApiKeys = root.TryGetProperty("apiKeys", out var keys)
                ? keys.EnumerateObject().ToDictionary(k => k.Name, k => k.Value.GetString()!, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal),
            TestUserEmail = root.GetProperty("testUser").GetProperty("email").GetString()!,
            Profile = root.GetProperty("profile").GetString()!,
            DataPath = root.TryGetProperty("dataPath", out var dp) && dp.ValueKind == JsonValueKind.String ? dp.GetString() : null,
            StartedAt = DateTimeOffset.UtcNow,
        }, password);
    }

    /// <summary>The dotnet host that runs this process's runtime: DOTNET_HOST_PATH when the SDK set it
    /// (dotnet tool, dotnet test), else the host three folders above the shared runtime.</summary>
    private static string FindDotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var candidate = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", exe));
        if (File.Exists(candidate))
        {
            return candidate;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return exe;
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
