using System.Runtime.InteropServices;

namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>
/// Moves the process out of the terminal's session and process group. A terminal delivers Ctrl+C as
/// SIGINT to every process of its foreground process group, and a child process starts in its
/// parent's group, so an emulator started by a PowerShell session used to die whenever the user
/// pressed Ctrl+C at that session's prompt. setsid(2) makes the process the leader of a new session
/// and a new process group with no controlling terminal; SIGTERM, a closed stdin and kill still stop it.
/// .NET's ProcessStartInfo has no such option on Unix (CreateNewProcessGroup is Windows-only, and
/// Start-JobFinderEmulator sets it there), hence the call from the emulator's own Main.
/// </summary>
internal static class OwnSession
{
    public static void Start()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Fails only with EPERM when the process already leads a process group: never so for a child
        // of Start-JobFinderEmulator (it starts in its parent's group); a job a shell started by hand
        // leads its own group, and there Ctrl+C is the way to stop it.
        _ = setsid();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setsid();
}
