using JobFinder.Ops.Emulator;

namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>An emulator this session started, and where the session pointed before it did.</summary>
internal sealed class SessionEmulator(EmulatorProcess process, SessionTarget previous)
{
    public EmulatorProcess Process { get; } = process;

    public string EmulatorHost => Process.Instance.EmulatorHost;

    /// <summary>Where stopping this emulator returns the session (if that emulator still runs).
    /// Rewritten when the emulator it names is stopped first, so the chain never names a stopped one.</summary>
    public SessionTarget Previous { get; set; } = previous;
}
