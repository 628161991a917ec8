namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>The seeded Identity Toolkit user that smoke checks sign in as.</summary>
public sealed record TestUser(string Email, string Password)
{
    public static readonly TestUser Seeded = new("smoke-test@jobfinder.dev", "smoke-test-password");

    /// <summary>Stable Firebase uid of the seeded user.</summary>
    public string LocalId => "smoke-test-uid-0001";

    public string DisplayName => "Smoke Test";
}
