using JobFinder.Ops.Google;

namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>
/// Where the session pointed at one moment: its connection options and the value of
/// JOBFINDER_EMULATOR_HOST. Start-JobFinderEmulator records the target it replaces, so that stopping
/// that emulator can return the session there.
/// </summary>
internal sealed record SessionTarget(GoogleClientOptions Options, string? EmulatorHostVariable)
{
    /// <summary>The emulator this target sends every API to, as GoogleEndpoints resolves it; null means Google.</summary>
    public string? EmulatorHost => Options.EmulatorHost ?? EmulatorHostVariable;

    public static string? ReadEmulatorHostVariable() =>
        Environment.GetEnvironmentVariable(GoogleEndpoints.EmulatorHostVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
