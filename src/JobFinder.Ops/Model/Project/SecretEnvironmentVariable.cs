namespace JobFinder.Ops.Model;

/// <summary>A Secret Manager secret exposed to a function as an environment variable. Only the
/// names are known to us; the value never leaves Secret Manager.</summary>
/// <param name="Key">The environment variable the function reads.</param>
/// <param name="Secret">The Secret Manager secret id (defaults to <paramref name="Key"/>).</param>
/// <param name="Version">The version pinned at deploy time (what <c>latest</c> was then, as firebase-tools
/// pins it); null until the deployment resolved it.</param>
public sealed record SecretEnvironmentVariable(string Key, string Secret, string? Version = null);
