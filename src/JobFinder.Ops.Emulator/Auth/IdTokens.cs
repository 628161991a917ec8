using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Issues and validates Firebase ID tokens (RS256, 1 h, <c>iss=https://securetoken.google.com/P</c>,
/// <c>aud=P</c>). One emulator-wide API key signs users into every project: the token's audience is the
/// project asked for at sign-in (<c>targetProjectId</c> or <c>tenantProjectId</c>), else the first project;
/// validation accepts any emulator project unless a project is named.</summary>
public sealed class IdTokens(EmulatorKeys keys, EmulatorContext context, TimeProvider time) : IIdTokenValidator
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public string Issue(TestUser user, string projectId)
    {
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = "https://securetoken.google.com/" + projectId,
            ["aud"] = projectId,
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["user_id"] = user.LocalId,
            ["sub"] = user.LocalId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["email"] = user.Email,
            ["email_verified"] = true,
            ["firebase"] = new JsonObject
            {
                ["identities"] = new JsonObject { ["email"] = new JsonArray(user.Email) },
                ["sign_in_provider"] = "password",
            },
        };
        return Jwt.Sign(payload, keys.SigningKey, EmulatorKeys.SigningKeyId);
    }

    public IdTokenClaims? Validate(string idToken, string? projectId = null)
    {
        var jwt = Jwt.Decode(idToken);
        if (jwt is null || !jwt.IsValid(keys.SigningKey, time.GetUtcNow()))
        {
            return null;
        }

        var audience = jwt.Claim("aud");
        if (audience is null || jwt.Claim("iss") != "https://securetoken.google.com/" + audience || !context.IsKnownProject(audience))
        {
            return null;
        }

        if (projectId is not null && projectId != audience)
        {
            return null;
        }

        return new IdTokenClaims(
            jwt.Claim("sub") ?? string.Empty,
            jwt.Claim("email") ?? string.Empty,
            audience,
            DateTimeOffset.FromUnixTimeSeconds(jwt.NumericClaim("exp") ?? 0));
    }
}
