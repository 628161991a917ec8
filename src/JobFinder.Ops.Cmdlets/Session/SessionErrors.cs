using JobFinder.Ops.Errors;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>The errors of a session that has nowhere safe to send a command. Each names where the
/// session points; the ways on are the RecommendedAction, which PowerShell shows under the message.
/// None is raised after a request left the machine.</summary>
internal static class SessionErrors
{
    private const string WaysOn = "Run Start-JobFinderEmulator to start a new emulator, or Connect-JobFinderProject -EmulatorHost HOST:PORT to use another running one.";

    public static JobFinderException EmulatorUnreachable(string emulatorHost, EmulatorOrigin origin, int? processId, string problem)
    {
        var (how, toGoogle) = origin switch
        {
            EmulatorOrigin.StartedBySession => (
                $"started by this session, process {processId}",
                "run Stop-JobFinderEmulator, then Connect-JobFinderProject"),
            EmulatorOrigin.ConnectParameter => (
                "set by Connect-JobFinderProject -EmulatorHost",
                "run Connect-JobFinderProject without -EmulatorHost"),
            _ => (
                $"set through {GoogleEndpoints.EmulatorHostVariable}",
                $"remove {GoogleEndpoints.EmulatorHostVariable} ($env:{GoogleEndpoints.EmulatorHostVariable} = $null), then run Connect-JobFinderProject"),
        };
        var action = $"{WaysOn} To work against Google instead, {toGoogle}.";
        return new JobFinderException(
            "EmulatorUnreachable",
            ErrorKind.ConnectionError,
            $"The emulator at {emulatorHost} ({how}) is gone: {problem}. This session sends every command there and never switches to Google by itself.",
            emulatorHost)
        {
            RecommendedAction = action,
        };
    }

    public static JobFinderException NotConnected(string reason)
    {
        const string action = "Run Start-JobFinderEmulator to work against a new emulator, or Connect-JobFinderProject to choose: Google (Application Default Credentials, -KeyFile or -AccessToken) or -EmulatorHost HOST:PORT for a running emulator.";
        return new JobFinderException(
            "SessionNotConnected",
            ErrorKind.ConnectionError,
            $"This session is not connected: {reason}, and it does not switch to Google by itself.")
        {
            RecommendedAction = action,
        };
    }
}
