using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Stops an emulator this session started and returns the session to where it pointed before.</summary>
/// <remarks>
/// <para>Closes the emulator's standard input (its signal to shut down and, with -DataPath, to save its state), waits up to five seconds, then ends the process. An emulator that already died (killed, or crashed) is only forgotten.</para>
/// <para>When the session pointed at this emulator, it goes back to the emulator it pointed at before this one started, if that one still runs (JOBFINDER_EMULATOR_HOST names it again). Otherwise the session is not connected: JOBFINDER_EMULATOR_HOST is removed, a warning says so, and every later JobFinder command fails at once with the error SessionNotConnected until Start-JobFinderEmulator or Connect-JobFinderProject chooses where to go. Stopping an emulator never sends the session to Google, even when it used Google before; Connect-JobFinderProject does, when asked.</para>
/// <para>Without an emulator to stop, the cmdlet does nothing. An emulator started by another session (or process) is never stopped; the cmdlet warns instead. -All stops every emulator this session started. Get-JobFinderContext shows where the session points afterwards.</para>
/// </remarks>
/// <example>
/// <code>Start-JobFinderEmulator | Stop-JobFinderEmulator</code>
/// <para>Starts and stops an emulator; the session points where it pointed before (an emulator started earlier, or nowhere).</para>
/// </example>
/// <example>
/// <code>Stop-JobFinderEmulator
/// Get-JobFinderContext</code>
/// <para>Stops the emulator this session started last, then shows where the session points now.</para>
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
            // Newest first, so each stop returns the session to an older one still running.
            foreach (var emulator in JobFinderSession.Emulators.Reverse())
            {
                Stop(emulator);
            }

            return;
        }

        var running = InputObject is null
            ? JobFinderSession.Emulator
            : JobFinderSession.Emulators.FirstOrDefault(e => e.Process.Instance.ProcessId == InputObject.ProcessId);
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

    private void Stop(SessionEmulator emulator)
    {
        SessionChange change;
        try
        {
            RunEngine((events, token) => emulator.Process.StopAsync(TimeSpan.FromSeconds(5), token));
        }
        finally
        {
            emulator.Process.Dispose();
            change = RunEngine((events, token) => JobFinderSession.ForgetStoppedEmulatorAsync(emulator, token));
        }

        WriteVerbose($"Stopped the emulator at {emulator.Process.Instance.Address}.");
        switch (change.Kind)
        {
            case SessionChangeKind.ReturnedToPrevious:
                WriteVerbose($"The session points at the emulator at {change.EmulatorHost} again.");
                break;
            case SessionChangeKind.NotConnected:
                WriteWarning($"The session is not connected: it pointed at the emulator at {change.EmulatorHost}, and no emulator it used before is running. JobFinder commands fail until you run Start-JobFinderEmulator, or Connect-JobFinderProject to choose Google or another emulator.");
                break;
        }
    }
}
