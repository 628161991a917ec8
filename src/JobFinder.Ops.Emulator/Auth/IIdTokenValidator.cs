namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Verifies Firebase ID tokens issued by the emulated Identity Toolkit (callable functions that
/// need an authenticated user use it).</summary>
public interface IIdTokenValidator
{
    /// <summary>The token's claims, or null when it is malformed, not signed by the emulator, expired, or
    /// not for <paramref name="projectId"/> (when given).</summary>
    IdTokenClaims? Validate(string idToken, string? projectId = null);
}

public sealed record IdTokenClaims(string Uid, string Email, string ProjectId, DateTimeOffset Expires);
