using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Issues and validates Firebase ID tokens in the Firebase Auth emulator's form: an unsigned JWT
/// (<c>alg: none</c>, empty signature) with Google's claims (<c>iss=https://securetoken.google.com/P</c>,
/// <c>aud=P</c>, <c>sub</c>/<c>user_id</c>, <c>auth_time</c>, <c>firebase.sign_in_provider</c>), 1 h.
/// Unsigned because deployed code verifies them with firebase-admin under <c>FIREBASE_AUTH_EMULATOR_HOST</c>,
/// which accepts nothing else: its emulator verifier calls jsonwebtoken with <c>algorithms: ['none']</c> and
/// no key (firebase-admin lib/utils/jwt.js, <c>EmulatorSignatureVerifier</c>), and a signed token fails
/// there with "secret or public key must be provided"; firebase-tools' Auth emulator issues exactly this
/// shape (lib/emulator/auth/operations.js, <c>generateJwt</c>). As with that emulator, what makes a token
/// good is its claims and its user (firebase-admin then looks the user up, <c>accounts:lookup</c>), not a
/// signature. One emulator-wide API key signs users into every project: the token's audience is the
/// project asked for at sign-in (<c>targetProjectId</c> or <c>tenantProjectId</c>), else the first project;
/// validation accepts any emulator project unless a project is named.</summary>
public sealed class IdTokens(EmulatorContext context, TimeProvider time) : IIdTokenValidator
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Clock skew tolerated on <c>exp</c>, as Google's verifiers allow.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    public string Issue(TestUser user, string projectId)
    {
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["name"] = user.DisplayName,
            ["email"] = user.Email,
            ["email_verified"] = true,
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["user_id"] = user.LocalId,
            ["firebase"] = new JsonObject
            {
                ["identities"] = new JsonObject { ["email"] = new JsonArray(user.Email) },
                ["sign_in_provider"] = "password",
            },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["aud"] = projectId,
            ["iss"] = "https://securetoken.google.com/" + projectId,
            ["sub"] = user.LocalId,
        };
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        return Jwt.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Jwt.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".";
    }

    public IdTokenClaims? Validate(string idToken, string? projectId = null)
    {
        var payload = DecodeUnsigned(idToken);
        if (payload is null)
        {
            return null;
        }

        var audience = Claim(payload, "aud");
        var subject = Claim(payload, "sub");
        var expires = payload["exp"] is JsonValue e && e.TryGetValue<long>(out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;
        if (audience is null || Claim(payload, "iss") != "https://securetoken.google.com/" + audience || !context.IsKnownProject(audience)
            || expires is null || expires.Value + Skew <= time.GetUtcNow()
            || FindUser(subject) is null)
        {
            return null;
        }

        if (projectId is not null && projectId != audience)
        {
            return null;
        }

        return new IdTokenClaims(subject!, Claim(payload, "email") ?? string.Empty, audience, expires.Value);
    }

    /// <summary>The user with this uid (the seeded test user is the only one), or null.</summary>
    public TestUser? FindUser(string? uid) => uid == context.TestUser.LocalId ? context.TestUser : null;

    /// <summary>The payload of an unsigned JWT; null when the token is not one.</summary>
    private static JsonObject? DecodeUnsigned(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[2].Length != 0)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Jwt.FromBase64Url(parts[0])) as JsonObject;
            return header?["alg"]?.GetValue<string>() == "none" ? JsonNode.Parse(Jwt.FromBase64Url(parts[1])) as JsonObject : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Claim(JsonObject payload, string name) =>
        payload[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
