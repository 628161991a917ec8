using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Hosting;

/// <summary>The emulator's APIs and operation completions are registered by name in
/// <see cref="EmulatorServices"/>, not discovered; this is what keeps a new one from being forgotten.</summary>
public sealed class EmulatorServicesTests
{
    [Fact]
    public async Task A_running_emulator_serves_every_api_and_operation_completion_class_of_the_assembly()
    {
        await using var session = await EmulatorSession.StartAsync();

        foreach (var contract in new[] { typeof(IEmulatorApi), typeof(IOperationCompletion) })
        {
            var declared = typeof(EmulatorServices).Assembly.GetTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && contract.IsAssignableFrom(t))
                .Select(t => t.FullName!)
                .Order(StringComparer.Ordinal)
                .ToList();
            var served = session.Emulator.Services.GetServices(contract)
                .Select(s => s!.GetType().FullName!)
                .Order(StringComparer.Ordinal)
                .ToList();

            Assert.NotEmpty(declared);
            // A class missing from EmulatorServices.Register shows up here by name.
            Assert.Equal(declared, served);
        }
    }
}
