namespace JobFinder.Ops.Cmdlets.Session;

/// <summary>What stopping an emulator did to where the session points.</summary>
internal sealed record SessionChange(SessionChangeKind Kind, string? EmulatorHost)
{
    public static SessionChange Unaffected { get; } = new(SessionChangeKind.Unaffected, null);

    public static SessionChange ReturnedTo(string emulatorHost) => new(SessionChangeKind.ReturnedToPrevious, emulatorHost);

    public static SessionChange NotConnected(string stoppedHost) => new(SessionChangeKind.NotConnected, stoppedHost);
}

internal enum SessionChangeKind
{
    /// <summary>The session pointed elsewhere and still does.</summary>
    Unaffected,

    /// <summary>The session points at the emulator it used before the stopped one started.</summary>
    ReturnedToPrevious,

    /// <summary>No earlier emulator runs: commands fail until Start-JobFinderEmulator or Connect-JobFinderProject.</summary>
    NotConnected,
}
