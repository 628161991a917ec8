using System.Runtime.InteropServices;
using JobFinder.Ops.Emulator.Admin;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Runtime.Workers;

namespace JobFinder.Ops.Emulator;

/// <summary>CLI: <c>dotnet JobFinder.Ops.Emulator.dll [--port 0] [--data-path DIR] [--profile fast|realistic]
/// [--project ID ...] [--strict] [--own-session]</c>, or <c>--prepare-runtime</c> (install the Functions Framework
/// into the worker cache and exit: builds and offline machines warm it once). Prints the address line, then the info JSON; runs until
/// stdin closes, SIGTERM or Ctrl+C (with --own-session, a Ctrl+C in the terminal that started it no longer
/// reaches it).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains(CommandLine.OwnSessionFlag))
        {
            OwnSession.Start();
        }

        if (args.Contains(CommandLine.PrepareRuntimeFlag))
        {
            return await RuntimePreparation.RunAsync().ConfigureAwait(false);
        }

        EmulatorOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return 2;
        }

        await using var emulator = await EmulatorHost.StartAsync(
            options,
            logging => logging.SetMinimumLevel(LogLevel.Warning),
            CancellationToken.None).ConfigureAwait(false);
        var context = emulator.Services.GetRequiredService<EmulatorContext>();
        Console.Out.WriteLine($"JobFinder.Ops.Emulator listening on {emulator.BaseAddress.ToString().TrimEnd('/')}");
        Console.Out.WriteLine(EmulatorInfo.ToJson(context, emulator.Services.GetRequiredService<JobFinder.Ops.Emulator.Scheduler.SchedulerClock>()).ToJsonString());
        Console.Out.Flush();

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.TrySetResult();
        });
        _ = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
                // Input is ignored; the process lives as long as its stdin is open.
            }

            stop.TrySetResult();
        });

        await Task.WhenAny(stop.Task, emulator.WaitForShutdownAsync()).ConfigureAwait(false);
        return 0;
    }
}
