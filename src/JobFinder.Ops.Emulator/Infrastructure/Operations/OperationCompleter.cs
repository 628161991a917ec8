using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>Background tick that finishes due operations even when nobody polls (so a revision becomes
/// Ready and serves traffic on time).</summary>
public sealed class OperationCompleter(OperationStore store, EmulatorContext context, ILogger<OperationCompleter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(context.Timings.BackgroundTick);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                store.CompleteDue();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An exception escaping a BackgroundService stops the whole host (the emulator would
                // exit under its clients); one failed completion must not take the others down.
                logger.LogWarning(ex, "Completing due operations failed");
            }
        }
    }
}
