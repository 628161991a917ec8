using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Issues and checks bearer tokens. Accepted: the emulator's own access tokens (RS256, signed with
/// its key, self-contained so they survive a restart with the same data path, expiring), self-signed JWT
/// access tokens made by a known service account (what Google.Apis.Auth sends when no scope is set), and
/// the literal <c>owner</c> unless strict.</summary>
public sealed class AccessTokens(EmulatorKeys keys, EmulatorContext context, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);
    private const string AccessTokenType = "emulator-access-token";
    private const string OwnerToken = "owner";

    public string Issue(ServiceAccountKey account, string scope, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = context.Origin,
            ["sub"] = account.Email,
            ["scope"] = scope,
            ["typ"] = AccessTokenType,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
        return Jwt.Sign(payload, keys.SigningKey, EmulatorKeys.SigningKeyId);
    }

    /// <summary>An OIDC ID token as Google issues them for a service account: <c>iss</c>
    /// https://accounts.google.com, <c>aud</c> the requested audience, <c>email</c>/<c>sub</c> the account.</summary>
    public string IssueIdToken(ServiceAccountKey account, string audience) => IssueIdToken(account.Email, audience);

    /// <summary>The same, for any service account of a project (Cloud Scheduler mints one for a job's
    /// <c>oidcToken.serviceAccountEmail</c>, usually the default compute account, which has no key here).</summary>
    public string IssueIdToken(string email, string audience)
    {
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = "https://accounts.google.com",
            ["aud"] = audience,
            ["azp"] = email,
            ["sub"] = email,
            ["email"] = email,
            ["email_verified"] = true,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + DefaultLifetime).ToUnixTimeSeconds(),
        };
        return Jwt.Sign(payload, keys.SigningKey, EmulatorKeys.SigningKeyId);
    }

    /// <summary>The account (email) of a valid, unexpired Google-issued OIDC ID token, else null.</summary>
    public string? ValidateIdToken(string idToken)
    {
        var jwt = Jwt.Decode(idToken);
        return jwt is not null && jwt.Claim("iss") == "https://accounts.google.com" && jwt.IsValid(keys.SigningKey, time.GetUtcNow())
            ? jwt.Claim("email")
            : null;
    }

    /// <summary>Whether <paramref name="email"/> is one of the emulator's write-capable accounts, which are
    /// project owners (roles/owner carries every permission, run.routes.invoke included).</summary>
    public bool IsOwnerAccount(string email) => keys.ServiceAccounts.Any(a => a.Email == email && !a.ReadOnly);

    /// <summary>The JWT-bearer grant (RFC 7523): verifies the assertion against the service account's key.</summary>
    public TokenGrantResult Exchange(string assertion)
    {
        var jwt = Jwt.Decode(assertion);
        if (jwt is null)
        {
            return TokenGrantResult.Failure("invalid_grant", "Invalid JWT: malformed assertion.");
        }

        var account = keys.ServiceAccounts.FirstOrDefault(a => a.Email == jwt.Claim("iss"));
        if (account is null)
        {
            return TokenGrantResult.Failure("invalid_grant", "Invalid JWT: unknown issuer.");
        }

        if (!jwt.VerifySignature(account.Key))
        {
            return TokenGrantResult.Failure("invalid_grant", "Invalid JWT Signature.");
        }

        if (!jwt.IsValid(account.Key, time.GetUtcNow()))
        {
            return TokenGrantResult.Failure("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
        }

        var scope = jwt.Claim("scope");
        if (string.IsNullOrWhiteSpace(scope) && jwt.Claim("target_audience") is { Length: > 0 } audience)
        {
            // Google's OIDC variant of the same grant: a target_audience instead of a scope yields a
            // Google-signed ID token for that audience (what callers of private Cloud Run services use).
            return TokenGrantResult.IdTokenSuccess(IssueIdToken(account, audience), (int)DefaultLifetime.TotalSeconds);
        }

        if (string.IsNullOrWhiteSpace(scope))
        {
            return TokenGrantResult.Failure("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }

        return TokenGrantResult.Success(Issue(account, scope, DefaultLifetime), (int)DefaultLifetime.TotalSeconds - 1);
    }

    /// <summary>The principal behind a bearer token, or null (→ 401).</summary>
    public Principal? Authenticate(string bearer)
    {
        if (bearer == OwnerToken)
        {
            return context.Options.Strict ? null : new Principal(OwnerToken, canWrite: true, context.ProjectIds);
        }

        var jwt = Jwt.Decode(bearer);
        if (jwt is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        ServiceAccountKey? account;
        if (jwt.Claim("typ") == AccessTokenType)
        {
            account = keys.ServiceAccounts.FirstOrDefault(a => a.Email == jwt.Claim("sub"));
            if (account is null || !jwt.IsValid(keys.SigningKey, now))
            {
                return null;
            }
        }
        else
        {
            // Self-signed JWT access token: iss == sub == the service account, signed by its own key.
            account = keys.ServiceAccounts.FirstOrDefault(a => a.Email == jwt.Claim("iss") && a.Email == jwt.Claim("sub"));
            if (account is null || !jwt.IsValid(account.Key, now))
            {
                return null;
            }
        }

        return new Principal(account.Email, canWrite: !account.ReadOnly, context.ProjectIds);
    }
}

public sealed record TokenGrantResult(string? AccessToken, int ExpiresIn, string? Error, string? ErrorDescription)
{
    /// <summary>Set instead of <see cref="AccessToken"/> when the assertion asked for a target_audience.</summary>
    public string? IdToken { get; init; }

    public static TokenGrantResult Success(string token, int expiresIn) => new(token, expiresIn, null, null);

    public static TokenGrantResult IdTokenSuccess(string idToken, int expiresIn) => new(null, expiresIn, null, null) { IdToken = idToken };

    public static TokenGrantResult Failure(string error, string description) => new(null, 0, error, description);
}
