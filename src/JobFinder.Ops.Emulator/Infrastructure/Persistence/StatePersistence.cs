using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Infrastructure.Persistence;

/// <summary>Saves every <see cref="IPersistentStore"/> to <c>DataPath/state/&lt;name&gt;.json</c> shortly
/// after a change (debounced, written to a temp file then renamed so a crash never leaves half a file) and
/// loads them at start. Without a data path it only resets the stores to their seeded state.</summary>
public sealed class StatePersistence
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);

    private readonly Lazy<IReadOnlyList<IPersistentStore>> lazyStores;
    private readonly string? stateDirectory;
    private readonly ILogger<StatePersistence> logger;
    private readonly SemaphoreSlim saveGate = new(1, 1);
    private int dirty;
    private volatile bool stopped;
    private Task pending = Task.CompletedTask;

    /// <remarks>The stores are resolved lazily: stores take this service in their constructors to call
    /// <see cref="MarkDirty"/>, so resolving them here eagerly would be a dependency cycle.</remarks>
    public StatePersistence(IServiceProvider services, EmulatorContext context, ILogger<StatePersistence> logger)
    {
        this.logger = logger;
        stateDirectory = context.Options.DataPath is { } path ? Path.Combine(path, "state") : null;
        lazyStores = new Lazy<IReadOnlyList<IPersistentStore>>(() =>
        {
            var all = services.GetServices<IPersistentStore>().ToList();
            var duplicate = all.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            return duplicate is null ? all : throw new InvalidOperationException($"Two persistent stores are named '{duplicate.Key}'.");
        });
    }

    public IReadOnlyList<IPersistentStore> Stores => lazyStores.Value;

    /// <summary>Loads saved state (or seeds) for every store. Called once at start.</summary>
    public void LoadAll()
    {
        foreach (var store in Stores)
        {
            store.Reset();
            var file = FileFor(store);
            if (file is null || !File.Exists(file))
            {
                continue;
            }

            var node = JsonNode.Parse(File.ReadAllText(file));
            if (node is not null)
            {
                store.Load(node);
            }
        }
    }

    /// <summary>Seeds every store again (admin reset) and saves.</summary>
    public void ResetAll()
    {
        foreach (var store in Stores)
        {
            store.Reset();
        }

        MarkDirty();
    }

    /// <summary>Schedules a save; many calls within the debounce window produce one write.</summary>
    public void MarkDirty()
    {
        if (stateDirectory is null || stopped || Interlocked.Exchange(ref dirty, 1) == 1)
        {
            return;
        }

        pending = Task.Run(async () =>
        {
            await Task.Delay(Debounce).ConfigureAwait(false);
            await FlushAsync().ConfigureAwait(false);
        });
    }

    /// <summary>Writes every store now (also called on shutdown).</summary>
    public async Task FlushAsync()
    {
        if (stateDirectory is null)
        {
            return;
        }

        await saveGate.WaitAsync().ConfigureAwait(false);
        try
        {
            Interlocked.Exchange(ref dirty, 0);
            Directory.CreateDirectory(stateDirectory);
            foreach (var store in Stores)
            {
                var file = FileFor(store)!;
                var temp = file + ".tmp";
                await File.WriteAllTextAsync(temp, store.Save().ToJsonString(GoogleJson.Indented)).ConfigureAwait(false);
                File.Move(temp, file, overwrite: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            logger.LogError(ex, "Saving emulator state to {Directory} failed", stateDirectory);
        }
        finally
        {
            saveGate.Release();
        }
    }

    /// <summary>Final save on shutdown; later changes are no longer written.</summary>
    public async Task ShutdownAsync()
    {
        stopped = true;
        await pending.ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    private string? FileFor(IPersistentStore store) =>
        stateDirectory is null ? null : Path.Combine(stateDirectory, store.Name + ".json");
}
