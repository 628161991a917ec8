using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>One running Node.js process serving a revision with the Functions Framework on a loopback port.
/// Its stdout/stderr lines go to <see cref="WorkerOutput"/>; <see cref="Exited"/> completes when the process
/// ends (crash, out of memory, or <see cref="Stop"/>).</summary>
public sealed class NodeWorker : IDisposable
{
    private const int TailLines = 30;
    private readonly Process process;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> tail = new();
    private volatile bool stopping;

    private NodeWorker(Process process, int port, DateTimeOffset startedAt)
    {
        this.process = process;
        Port = port;
        StartedAt = startedAt;
    }

    public int Port { get; }

    public int ProcessId => process.Id;

    public DateTimeOffset StartedAt { get; }

    /// <summary>The exit code, once the process has ended.</summary>
    public Task<int> Exited => exited.Task;

    /// <summary>True when the process ended without <see cref="Stop"/> being asked (a crash).</summary>
    public bool Crashed => exited.Task.IsCompleted && !stopping;

    /// <summary>True when the process died of V8's heap limit (<c>--max-old-space-size</c>), Cloud Run's
    /// "Memory limit exceeded".</summary>
    public bool RanOutOfMemory { get; private set; }

    /// <summary>Resident memory now (0 once exited).</summary>
    public long ResidentBytes
    {
        get
        {
            try
            {
                process.Refresh();
                return process.HasExited ? 0 : process.WorkingSet64;
            }
            catch (InvalidOperationException)
            {
                return 0;
            }
        }
    }

    /// <summary>Starts node and waits until the port accepts connections, the process exits (the code threw
    /// while loading), or <paramref name="timeout"/> passes; the last two are a <see cref="WorkerStartException"/>
    /// with Cloud Run's start-up failure text and the end of the output.</summary>
    public static async Task<NodeWorker> StartAsync(
        string frameworkMain, string sourceDirectory, WorkerLaunch launch, IReadOnlyDictionary<string, string> environment,
        Action<WorkerOutputLine> output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = sourceDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // The revision's memory limit is the V8 heap limit: code that outgrows it dies as a container over
        // its limit does (https://cloud.google.com/run/docs/configuring/services/memory-limits).
        start.ArgumentList.Add($"--max-old-space-size={launch.MemoryLimitMegabytes}");
        start.ArgumentList.Add(frameworkMain);
        start.ArgumentList.Add($"--target={launch.EntryPoint}");
        start.ArgumentList.Add("--signature-type=http");
        start.ArgumentList.Add($"--source={sourceDirectory}");
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "SYSTEMROOT", "TEMP", "TMP", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new NodeWorker(process, port, DateTimeOffset.UtcNow);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data, isError: false, output);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data, isError: true, output);
        process.Exited += (_, _) => worker.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new WorkerStartException($"node could not be started ({ex.Message}). Install Node.js 20 and put it on PATH.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await worker.WaitListeningAsync(launch, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            worker.Stop();
            worker.Dispose();
            throw;
        }

        return worker;
    }

    /// <summary>Ends the process and its children; <see cref="Exited"/> completes without counting a crash.</summary>
    public void Stop()
    {
        stopping = true;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public string OutputTail()
    {
        lock (tail)
        {
            return string.Join('\n', tail);
        }
    }

    public void Dispose() => process.Dispose();

    private async Task WaitListeningAsync(WorkerLaunch launch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (exited.Task.IsCompleted)
            {
                throw new WorkerStartException(
                    $"The user-provided container failed to start and listen on the port defined provided by the PORT={Port} environment variable: the process exited with code {exited.Task.Result} while loading '{launch.EntryPoint}'.\n{OutputTail()}");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new WorkerStartException(
                    $"The user-provided container failed to start and listen on the port defined provided by the PORT={Port} environment variable within the allocated timeout of {timeout.TotalSeconds:0} s.\n{OutputTail()}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.WhenAny(exited.Task, Task.Delay(15, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    private void OnLine(string? line, bool isError, Action<WorkerOutputLine> output)
    {
        if (line is null)
        {
            return;
        }

        if (isError && line.Contains("JavaScript heap out of memory", StringComparison.Ordinal))
        {
            RanOutOfMemory = true;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }

        output(new WorkerOutputLine(DateTimeOffset.UtcNow, line, isError));
    }

    private void OnExited()
    {
        int code;
        try
        {
            // Let the output readers drain so the crash's last lines are logged before anyone reacts.
            process.WaitForExit();
            code = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        exited.TrySetResult(code);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One line a worker wrote, in the order written.</summary>
public sealed record WorkerOutputLine(DateTimeOffset Time, string Text, bool IsStandardError);
