using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Persistence;

/// <summary>A piece of emulator state that survives a restart with <c>--data-path</c>. Register with
/// <see cref="PersistenceServiceCollectionExtensions.AddPersistentStore{T}"/>; call
/// <see cref="StatePersistence.MarkDirty"/> after each change. Implementations must be thread-safe:
/// <see cref="Save"/> runs on a background thread.</summary>
public interface IPersistentStore
{
    /// <summary>File name stem under <c>DataPath/state/</c>, e.g. "functions".</summary>
    string Name { get; }

    JsonNode Save();

    void Load(JsonNode state);

    /// <summary>Back to the seeded state (start without saved state, and <c>POST /_emulator/reset</c>).</summary>
    void Reset();
}

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="T"/> as a singleton that is also saved/loaded/reset.</summary>
    public static IServiceCollection AddPersistentStore<T>(this IServiceCollection services)
        where T : class, IPersistentStore
    {
        services.AddSingleton<T>();
        services.AddSingleton<IPersistentStore>(sp => sp.GetRequiredService<T>());
        return services;
    }
}
