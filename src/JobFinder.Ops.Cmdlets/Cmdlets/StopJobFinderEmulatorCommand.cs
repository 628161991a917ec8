using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Emulator;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Cmdlets;

/// <summary>Stops the emulator this session started and disconnects the session from it.</summary>
/// <remarks>
/// <para>Closes the emulator's standard input (its signal to shut down and, with -DataPath, to save its state), waits up to five seconds, then ends the process. JOBFINDER_EMULATOR_HOST is cleared when it pointed at this emulator, and a session connected to this emulator goes back to Application Default Credentials.</para>
/// <para>Without an emulator to stop, the cmdlet does nothing. An emulator started by another session (or process) is never stopped; the cmdlet warns instead. -All stops every emulator this session started.</para>
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
    /// <summary>The emulator to stop (from Start-JobFinderEmulator); defaults to the one this session started last.</summary>
    [Parameter(ValueFromPipeline = true)]
    public EmulatorInstance? InputObject { get; set; }

    /// <summary>Stops every emulator this session started.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecordCore()
    {
        if (All)
        {
            foreach (var emulator in JobFinderSession.Emulators)
            {
                Stop(emulator);
            }

            return;
        }

        var running = InputObject is null
            ? JobFinderSession.Emulator
            : JobFinderSession.Emulators.FirstOrDefault(e => e.Instance.ProcessId == InputObject.ProcessId);
        if (running is null)
        {
            if (InputObject is not null)
            {
                WriteWarning($"The emulator at {InputObject.Address} was not started by this session; not stopping it.");
            }

            return;
        }

        Stop(running);
    }

    private void Stop(EmulatorProcess running)
    {
        try
        {
            RunEngine((events, token) => running.StopAsync(TimeSpan.FromSeconds(5), token));
        }
        finally
        {
            running.Dispose();
            JobFinderSession.ForgetEmulator(running);
        }

        var host = running.Instance.EmulatorHost;
        if (Environment.GetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable) == host)
        {
            Environment.SetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable, null);
        }

        // Only a session that pointed at this emulator goes back to Application Default Credentials;
        // one connected to another emulator (or to Google) keeps its connection.
        if (string.Equals(JobFinderSession.Options.EmulatorHost, host, StringComparison.Ordinal))
        {
            JobFinderSession.Configure(new GoogleClientOptions());
        }

        WriteVerbose($"Stopped the emulator at {running.Instance.Address}.");
    }
}
