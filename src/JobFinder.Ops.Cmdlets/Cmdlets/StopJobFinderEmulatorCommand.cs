using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Cmdlets;

/// <summary>Stops the emulator this session started and disconnects the session from it.</summary>
/// <remarks>
/// <para>Closes the emulator's standard input (its signal to shut down and, with -DataPath, to save its state), waits up to five seconds, then ends the process. JOBFINDER_EMULATOR_HOST is cleared when it pointed at this emulator, and the session goes back to Application Default Credentials.</para>
/// <para>Without an emulator to stop, the cmdlet does nothing.</para>
/// </remarks>
/// <example>
/// <code>Start-JobFinderEmulator | Stop-JobFinderEmulator</code>
/// <para>Starts and stops an emulator.</para>
/// </example>
/// <example>
/// <code>Stop-JobFinderEmulator</code>
/// <para>Stops the emulator this session started.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Stop, "JobFinderEmulator", HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/src/JobFinder.Ops.Emulator/README.md")]
[OutputType(typeof(void))]
public sealed class StopJobFinderEmulatorCommand : JobFinderCloudCmdlet
{
    /// <summary>The emulator to stop (from Start-JobFinderEmulator); defaults to the one this session started.</summary>
    [Parameter(ValueFromPipeline = true)]
    public EmulatorInstance? InputObject { get; set; }

    protected override void ProcessRecordCore()
    {
        var running = JobFinderSession.Emulator;
        if (running is null || (InputObject is not null && InputObject.ProcessId != running.Instance.ProcessId))
        {
            if (InputObject is not null)
            {
                WriteWarning($"The emulator at {InputObject.Address} was not started by this session; not stopping it.");
            }

            return;
        }

        RunEngine((events, token) => running.StopAsync(TimeSpan.FromSeconds(5), token));
        running.Dispose();
        JobFinderSession.Emulator = null;
        if (Environment.GetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable) == running.Instance.EmulatorHost)
        {
            Environment.SetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable, null);
        }

        JobFinderSession.Configure(new GoogleClientOptions());
        WriteVerbose($"Stopped the emulator at {running.Instance.Address}.");
    }
}
