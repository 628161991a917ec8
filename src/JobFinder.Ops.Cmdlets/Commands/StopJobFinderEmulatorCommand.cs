using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Stops an emulator this session started and returns the session to where it pointed before.</summary>
/// <remarks>Help (Get-Help Stop-JobFinderEmulator): docs/help/Stop-JobFinderEmulator.md.</remarks>
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
