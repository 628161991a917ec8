using System.Collections.Concurrent;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>The pool of running revisions: one Node.js worker per revision, started when the revision is
/// deployed (a start-up failure fails the deploy, as Cloud Run's start-up probe does) or on the first request
/// after it was stopped (a real cold start). A worker idle for <see cref="WorkerPoolSettings.IdleTimeout"/>
/// is stopped, and starting one beyond the memory budget first stops the least recently used idle ones, so
/// dozens of revisions fit on a laptop. A worker that dies is restarted on the next request after an
/// exponential backoff (100 ms doubling to 10 s); requests in between get 503.</summary>
internal sealed class RevisionWorkers : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, WorkerSlot> slots = new(StringComparer.Ordinal);
    private readonly WorkerPoolSettings settings;
    private readonly RevisionSources sources;
    private readonly DependencyCache dependencies;
    private readonly WorkerEnvironment environment;
    private readonly WorkerLogSink logs;
    private readonly Timer reaper;
    private readonly CancellationTokenSource disposed = new();

    public RevisionWorkers(WorkerPoolSettings settings, RevisionSources sources, DependencyCache dependencies, WorkerEnvironment environment, WorkerLogSink logs, EmulatorContext context)
    {
        this.settings = settings;
        this.sources = sources;
        this.dependencies = dependencies;
        this.environment = environment;
        this.logs = logs;
        var period = context.Options.Profile == LatencyProfile.Realistic ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(2);
        reaper = new Timer(_ => StopIdle(), null, period, period);
    }

    /// <summary>Running workers (for the admin info and the bench).</summary>
    public IReadOnlyList<(string Revision, int ProcessId, long ResidentBytes)> Running() =>
        slots.Values.Select(s => s.Worker is { Crashed: false, Exited.IsCompleted: false } w ? (s.Launch.RevisionName, w.ProcessId, w.ResidentBytes) : default)
            .Where(r => r.RevisionName is not null).ToList();

    /// <summary>Builds and starts the revision's worker (deploy time); throws <see cref="WorkerStartException"/>
    /// when the code cannot be installed or started.</summary>
    public async Task StartAsync(WorkerLaunch launch)
    {
        var slot = slots.GetOrAdd(launch.RevisionName, _ => new WorkerSlot(launch));
        await EnsureWorkerAsync(slot).ConfigureAwait(false);
    }

    /// <summary>Takes one of the revision's request slots and its running worker (starting it if needed).
    /// Dispose the lease when the response is done.</summary>
    public async Task<WorkerLease> AcquireAsync(WorkerLaunch launch)
    {
        var slot = slots.GetOrAdd(launch.RevisionName, _ => new WorkerSlot(launch));
        // Cloud Run: "HTTP 429: The request was aborted because there was no available instance" when every
        // instance up to max-instances holds its concurrency (https://cloud.google.com/run/docs/troubleshooting#no-instance).
        if (Interlocked.Increment(ref slot.InFlight) > launch.Capacity)
        {
            Interlocked.Decrement(ref slot.InFlight);
            throw new WorkerUnavailableException(429,
                $"Rate exceeded: the request was aborted because there was no available instance ({launch.MaxInstances} instances × {launch.Concurrency} concurrent requests are busy).");
        }

        try
        {
            slot.LastUsed = DateTimeOffset.UtcNow;
            var worker = await EnsureWorkerAsync(slot).ConfigureAwait(false);
            return new WorkerLease(this, slot, worker);
        }
        catch
        {
            Interlocked.Decrement(ref slot.InFlight);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await disposed.CancelAsync().ConfigureAwait(false);
        await reaper.DisposeAsync().ConfigureAwait(false);
        foreach (var slot in slots.Values)
        {
            Stop(slot);
        }

        disposed.Dispose();
    }

    internal void Release(WorkerSlot slot, bool succeeded)
    {
        slot.LastUsed = DateTimeOffset.UtcNow;
        if (succeeded)
        {
            slot.ConsecutiveCrashes = 0;
        }

        Interlocked.Decrement(ref slot.InFlight);
    }

    private Task<NodeWorker> EnsureWorkerAsync(WorkerSlot slot)
    {
        lock (slot)
        {
            if (slot.Worker is { } running && !running.Exited.IsCompleted)
            {
                return Task.FromResult(running);
            }

            if (slot.Starting is { IsCompleted: false } starting)
            {
                return starting;
            }

            if (slot.Worker is { Crashed: true } crashed)
            {
                // A crash is noticed here, once: it sets the backoff before the next start.
                slot.ConsecutiveCrashes++;
                var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(16, slot.ConsecutiveCrashes - 1)));
                slot.RestartNotBefore = DateTimeOffset.UtcNow + backoff;
                crashed.Dispose();
                slot.Worker = null;
            }

            if (DateTimeOffset.UtcNow < slot.RestartNotBefore)
            {
                // Cloud Run answers 503 while a crashed instance is replaced (https://cloud.google.com/run/docs/troubleshooting#503).
                throw new WorkerUnavailableException(503,
                    $"The revision's instance crashed {slot.ConsecutiveCrashes} time(s) in a row; it is restarted after a backoff (until {slot.RestartNotBefore:HH:mm:ss.fff} UTC). See the revision's logs.");
            }

            slot.Starting = StartOrBackOffAsync(slot);
            return slot.Starting;
        }
    }

    /// <summary>A start that fails (the code throws while loading) backs off like a crash, so requests to a
    /// broken revision do not each pay for a doomed start.</summary>
    private async Task<NodeWorker> StartOrBackOffAsync(WorkerSlot slot)
    {
        try
        {
            return await StartWorkerAsync(slot).ConfigureAwait(false);
        }
        catch (WorkerStartException ex)
        {
            lock (slot)
            {
                slot.ConsecutiveCrashes++;
                slot.RestartNotBefore = DateTimeOffset.UtcNow + TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(16, slot.ConsecutiveCrashes - 1)));
            }

            logs.Write(slot.Launch, new WorkerOutputLine(DateTimeOffset.UtcNow, ex.Message, IsStandardError: true));
            throw;
        }
    }

    private async Task<NodeWorker> StartWorkerAsync(WorkerSlot slot)
    {
        var launch = slot.Launch;
        var directory = sources.Unpack(sources.Read(launch.SourceLocation));
        var modules = await dependencies.EnsureAsync(directory, disposed.Token).ConfigureAwait(false);
        if (modules is not null)
        {
            RevisionSources.LinkModules(directory, modules);
        }

        var framework = await dependencies.FrameworkMainAsync(modules, disposed.Token).ConfigureAwait(false);
        MakeRoom(slot);
        var worker = await NodeWorker.StartAsync(
            framework, directory, launch, environment.For(launch), line => logs.Write(launch, line), settings.StartupTimeout, disposed.Token).ConfigureAwait(false);
        _ = worker.Exited.ContinueWith(_ => OnExited(slot, worker), TaskScheduler.Default);
        lock (slot)
        {
            slot.Worker = worker;
            slot.LastUsed = DateTimeOffset.UtcNow;
        }

        return worker;
    }

    private void OnExited(WorkerSlot slot, NodeWorker worker)
    {
        if (!worker.Crashed)
        {
            return;
        }

        logs.Write(slot.Launch, new WorkerOutputLine(DateTimeOffset.UtcNow, worker.RanOutOfMemory
            ? $"Memory limit of {slot.Launch.MemoryLimitMegabytes} MiB exceeded. Consider increasing the memory limit."
            : $"Container terminated on signal or exit code {worker.Exited.Result}. The instance is restarted on the next request.", IsStandardError: true));
    }

    /// <summary>Stops least recently used idle workers until the running ones plus the one about to start
    /// fit the memory budget (the new one is assumed as large as the largest running one).</summary>
    private void MakeRoom(WorkerSlot starting)
    {
        var running = slots.Values.Where(s => s != starting && s.Worker is { Exited.IsCompleted: false })
            .Select(s => (Slot: s, Bytes: s.Worker!.ResidentBytes)).ToList();
        var expected = running.Count == 0 ? 0 : running.Max(r => r.Bytes);
        var total = running.Sum(r => r.Bytes) + expected;
        foreach (var (slot, bytes) in running.Where(r => Volatile.Read(ref r.Slot.InFlight) == 0).OrderBy(r => r.Slot.LastUsed))
        {
            if (total <= settings.MemoryBudgetBytes)
            {
                break;
            }

            Stop(slot);
            total -= bytes;
        }
    }

    private void StopIdle()
    {
        var cutoff = DateTimeOffset.UtcNow - settings.IdleTimeout;
        foreach (var slot in slots.Values.Where(s => s.Worker is not null && Volatile.Read(ref s.InFlight) == 0 && s.LastUsed < cutoff))
        {
            Stop(slot);
        }
    }

    private static void Stop(WorkerSlot slot)
    {
        NodeWorker? worker;
        lock (slot)
        {
            worker = slot.Worker;
            slot.Worker = null;
        }

        worker?.Stop();
        worker?.Dispose();
    }
}

/// <summary>The pool's state for one revision.</summary>
internal sealed class WorkerSlot(WorkerLaunch launch)
{
    public WorkerLaunch Launch { get; } = launch;

    public NodeWorker? Worker { get; set; }

    public Task<NodeWorker>? Starting { get; set; }

    public int InFlight;

    public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.UtcNow;

    public int ConsecutiveCrashes { get; set; }

    public DateTimeOffset RestartNotBefore { get; set; }
}

/// <summary>One request's hold on a worker; disposing it frees the request slot.</summary>
internal sealed class WorkerLease : IDisposable
{
    private readonly RevisionWorkers pool;
    private readonly WorkerSlot slot;
    private int released;

    internal WorkerLease(RevisionWorkers pool, WorkerSlot slot, NodeWorker worker)
    {
        this.pool = pool;
        this.slot = slot;
        Worker = worker;
    }

    public NodeWorker Worker { get; }

    /// <summary>Set when the worker answered (any status): a crash streak ends.</summary>
    public bool Answered { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            pool.Release(slot, Answered);
        }
    }
}
