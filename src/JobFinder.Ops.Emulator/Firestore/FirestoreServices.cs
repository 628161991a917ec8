using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Firestore;

internal sealed class FirestoreServices : IEmulatorServiceRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddPersistentStore<FirestoreStore>();
        services.AddSingleton<FirestoreExporter>();
        services.AddSingleton<FirestoreImporter>();
        services.AddSingleton<IStartupFilter, FirestoreSeedEndpoint>();
    }
}
