using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>Registers the storage singletons: object bytes on disk under <c>DATA/storage/blobs</c> when a
/// data path is given (bounded memory for big exports, survives restarts), in memory otherwise.</summary>
internal sealed class StorageServices : IEmulatorServiceRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<EmulatorContext>().Options.DataPath is { } dataPath
            ? new DiskBlobStore(Path.Combine(dataPath, "storage", "blobs"))
            : new MemoryBlobStore());
        services.AddPersistentStore<StorageStore>();
        services.AddSingleton<ResumableUploads>();
    }
}
