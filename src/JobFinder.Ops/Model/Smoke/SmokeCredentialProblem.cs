using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Model;

/// <summary>Smoke checks that could not judge a release because the smoke credentials are wrong: the
/// sign-in was refused, the API key is another project's, a variable is missing, or the revision users
/// are on refuses the same signed-in check as the new one. A setup problem, never a release failure
/// (docs/SMOKE.md, "Wrong credentials are not a failed release"). Holds names, never values.</summary>
public sealed record SmokeCredentialProblem
{
    public const string RejectedErrorId = "SmokeCredentialsRejected";
    public const string MissingErrorId = "SmokeCredentialMissing";

    /// <summary><see cref="RejectedErrorId"/> or <see cref="MissingErrorId"/>.</summary>
    public required string ErrorId { get; init; }

    /// <summary>AuthenticationError (refused, wrong project, missing) or PermissionDenied (403).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ErrorKind>))]
    public required ErrorKind Category { get; init; }

    /// <summary>The project the checks were run for.</summary>
    public required string ProjectId { get; init; }

    /// <summary>Which credential is wrong: <c>API key</c>, <c>test user</c> or <c>OIDC identity token</c>.</summary>
    public required string Credential { get; init; }

    /// <summary>Where that credential comes from: the environment variable's name, or <c>-Credential</c>.</summary>
    public required string Source { get; init; }

    /// <summary>What is wrong, without the check names.</summary>
    public required string Message { get; init; }

    /// <summary>How to fix it.</summary>
    public required string Fix { get; init; }

    /// <summary>The checks it kept from judging the release.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>One line naming the project, the credential, the checks and what is wrong.</summary>
    public string Summary =>
        (ErrorId == MissingErrorId ? $"Smoke credentials for {ProjectId} are missing" : $"The smoke credentials were rejected for {ProjectId}")
        + $" ({Credential}, {Source}): {Message}."
        + (Checks.Count == 0 ? string.Empty : $" Checks: {string.Join(", ", Checks.Select(c => $"'{c}'"))}.")
        + " This is a setup problem, not a failure of the release.";

    public override string ToString() => Summary;
}
