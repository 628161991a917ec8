using System.Net;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>The smoke-test user Identity Toolkit signs in: the Web API key and the user's email and
/// password. From an explicit credential (a PSCredential's user name and password) plus the API key
/// variable, or entirely from the environment variables the settings name. Never printed.
/// <see cref="ApiKeySource"/> and <see cref="UserSource"/> name where each came from, for errors.</summary>
internal sealed record SmokeUserCredential(string ApiKey, string Email, string Password, string ApiKeySource, string UserSource)
{
    public const string ApiKeyCredential = "API key";
    public const string UserCredential = "test user";

    /// <summary>Resolves the credential; the exception names the missing variable, never a value.</summary>
    public static SmokeUserCredential Resolve(SmokeAuthSettings settings, NetworkCredential? explicitUser, Func<string, string?> environment, string projectId)
    {
        var apiKey = Require(settings.ApiKeyEnvVar, ApiKeyCredential, environment, projectId);
        if (explicitUser is not null && !string.IsNullOrEmpty(explicitUser.UserName))
        {
            return new SmokeUserCredential(apiKey, explicitUser.UserName, explicitUser.Password, settings.ApiKeyEnvVar, "-Credential");
        }

        return new SmokeUserCredential(
            apiKey,
            Require(settings.EmailEnvVar, UserCredential, environment, projectId),
            Require(settings.PasswordEnvVar, UserCredential, environment, projectId),
            settings.ApiKeyEnvVar,
            settings.EmailEnvVar);
    }

    /// <summary>Records must not print secrets, even in a debugger or an exception message.</summary>
    public override string ToString() => $"SmokeUserCredential {{ Email = {Email} }}";

    private static string Require(string variable, string credential, Func<string, string?> environment, string projectId) =>
        environment(variable) is { Length: > 0 } value
            ? value
            : throw new SmokeCredentialsException(new SmokeCredentialProblem
            {
                ErrorId = SmokeCredentialProblem.MissingErrorId,
                Category = ErrorKind.AuthenticationError,
                ProjectId = projectId,
                Credential = credential,
                Source = variable,
                Message = $"a smoke check needs a Firebase ID token, but environment variable {variable} is not set",
                Fix = "Set the variables named in the settings' smoke.auth section (the project's web API key, the test user's email and password), or pass -Credential for the test user. "
                    + "Against the emulator, Start-JobFinderEmulator sets them; see docs/SMOKE.md.",
            });
}
