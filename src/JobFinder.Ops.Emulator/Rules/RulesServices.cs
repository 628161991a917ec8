using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Rules;

internal sealed class RulesServices : IEmulatorServiceRegistration
{
    public void Register(IServiceCollection services) => services.AddPersistentStore<RulesStore>();
}
