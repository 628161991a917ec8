namespace JobFinder.Ops.Model;

/// <summary>Where the smoke runner finds its credentials: the NAMES of environment variables,
/// never the values, so the settings file can be committed.</summary>
public sealed record SmokeAuthSettings
{
    /// <summary>Variable holding the Firebase Web API key. Default <c>JOBFINDER_API_KEY</c>.</summary>
    public string ApiKeyEnvVar { get; init; } = "JOBFINDER_API_KEY";

    /// <summary>Variable holding the smoke-test user's email. Default <c>JOBFINDER_SMOKE_EMAIL</c>.</summary>
    public string EmailEnvVar { get; init; } = "JOBFINDER_SMOKE_EMAIL";

    /// <summary>Variable holding the smoke-test user's password. Default <c>JOBFINDER_SMOKE_PASSWORD</c>.</summary>
    public string PasswordEnvVar { get; init; } = "JOBFINDER_SMOKE_PASSWORD";
}
