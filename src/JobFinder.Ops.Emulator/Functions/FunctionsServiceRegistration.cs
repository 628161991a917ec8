using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Stores behind Cloud Functions and Cloud Run.</summary>
public sealed class FunctionsServiceRegistration : IEmulatorServiceRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddPersistentStore<RunStore>();
        services.AddPersistentStore<FunctionStore>();
        services.AddPersistentStore<FunctionSourceUploads>();
        services.AddSingleton<FunctionDeployer>();
    }
}
