namespace JobFinder.Ops.Model;

/// <summary>How a session came to point at an emulator.</summary>
public enum EmulatorOrigin
{
    /// <summary>Start-JobFinderEmulator in this session started it.</summary>
    StartedBySession,

    /// <summary>Connect-JobFinderProject -EmulatorHost named it.</summary>
    ConnectParameter,

    /// <summary>JOBFINDER_EMULATOR_HOST names it (set by hand, or inherited from a parent process).</summary>
    EnvironmentVariable,
}
