using System.Net;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>The smoke-test user Identity Toolkit signs in: the Web API key and the user's email and
/// password. From an explicit credential (a PSCredential's user name and password) plus the API key
/// variable, or entirely from the environment variables the settings name. Never printed.</summary>
internal sealed record SmokeUserCredential(string ApiKey, string Email, string Password)
{
    /// <summary>Resolves the credential; the exception names the missing variable, never a value.</summary>
    public static SmokeUserCredential Resolve(SmokeAuthSettings settings, NetworkCredential? explicitUser, Func<string, string?> environment)
    {
        var apiKey = Require(settings.ApiKeyEnvVar, environment);
        if (explicitUser is not null && !string.IsNullOrEmpty(explicitUser.UserName))
        {
            return new SmokeUserCredential(apiKey, explicitUser.UserName, explicitUser.Password);
        }

        return new SmokeUserCredential(apiKey, Require(settings.EmailEnvVar, environment), Require(settings.PasswordEnvVar, environment));
    }

    /// <summary>Records must not print secrets, even in a debugger or an exception message.</summary>
    public override string ToString() => $"SmokeUserCredential {{ Email = {Email} }}";

    private static string Require(string variable, Func<string, string?> environment) =>
        environment(variable) is { Length: > 0 } value
            ? value
            : throw new JobFinderException(
                "SmokeCredentialMissing",
                ErrorKind.AuthenticationError,
                $"A smoke check needs a Firebase ID token, but environment variable {variable} is not set.",
                variable)
            {
                RecommendedAction = "Set the variables named in the settings' smoke.auth section (API key, test user email and password), or pass -Credential for the test user.",
            };
}
