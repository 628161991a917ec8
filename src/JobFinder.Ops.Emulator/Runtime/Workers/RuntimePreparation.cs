using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary><c>--prepare-runtime</c>: installs the Functions Framework into the worker cache (a no-op when it
/// is there) and prints its path, so the build warms a machine once and the first deploy does not wait for
/// the registry.</summary>
internal static class RuntimePreparation
{
    public static async Task<int> RunAsync()
    {
        var settings = new WorkerPoolSettings(new EmulatorContext(new EmulatorOptions(), string.Empty, string.Empty));
        try
        {
            var main = await new DependencyCache(settings).FrameworkMainAsync(null, CancellationToken.None).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(main).ConfigureAwait(false);
            return 0;
        }
        catch (WorkerStartException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
