using System.Text;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;

namespace JobFinder.Ops.Smoke;

/// <summary>Google-signed OIDC identity tokens for private Cloud Run services (audience = the URL
/// called), from the session's credentials. With a service-account key file the token is minted the
/// way Google documents it: a JWT signed with the key, carrying <c>target_audience</c>, exchanged at the
/// key's <c>token_uri</c> for an <c>id_token</c> (<see cref="ServiceAccountIdTokenMinter"/>; the emulator
/// speaks the same exchange). Other credentials (metadata server, impersonation) go through
/// Google.Apis.Auth's <c>GetOidcTokenAsync</c>. A raw access token or a user's gcloud login cannot mint
/// one for a service: that is reported, not papered over.</summary>
internal sealed class OidcTokenSource(GoogleConnection connection, ExpiringTokenCache cache, SecretRedactor secrets, TimeProvider time)
{
    public Task<string> GetTokenAsync(string audience, IEngineEventSink events, CancellationToken cancellationToken) =>
        cache.GetAsync("oidc:" + audience, ct => MintAsync(audience, events, ct), cancellationToken);

    private async Task<MintedToken> MintAsync(string audience, IEngineEventSink events, CancellationToken cancellationToken)
    {
        MintedToken minted;
        if (KeyFilePath() is { } keyFile && ServiceAccountIdTokenMinter.IsServiceAccountKey(keyFile))
        {
            minted = await new ServiceAccountIdTokenMinter(connection.HttpClient, time).MintAsync(keyFile, audience, cancellationToken).ConfigureAwait(false);
        }
        else if (connection.Credential is GoogleCredential credential)
        {
            minted = await MintWithLibraryAsync(credential, audience, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw Unavailable($"the session's credentials ({connection.Principal}) cannot mint identity tokens");
        }

        secrets.Add(minted.Value);
        events.Verbose($"Minted an OIDC identity token for audience {audience} as {connection.Principal}.");
        return minted;
    }

    private string? KeyFilePath() =>
        connection.Options.KeyFilePath is { Length: > 0 } explicitPath
            ? explicitPath
            : string.IsNullOrEmpty(connection.Options.AccessToken) ? connection.Options.Environment("GOOGLE_APPLICATION_CREDENTIALS") : null;

    private async Task<MintedToken> MintWithLibraryAsync(GoogleCredential credential, string audience, CancellationToken cancellationToken)
    {
        try
        {
            var oidc = await credential.GetOidcTokenAsync(OidcTokenOptions.FromTargetAudience(audience), cancellationToken).ConfigureAwait(false);
            var token = await oidc.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            return new MintedToken(token, JwtExpiry.Read(token, time.GetUtcNow()));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or global::Google.Apis.Auth.OAuth2.Responses.TokenResponseException)
        {
            throw Unavailable($"{connection.Principal} cannot mint identity tokens ({ex.GetType().Name})");
        }
    }

    internal static JobFinderException Unavailable(string why) =>
        new("SmokeOidcTokenUnavailable", ErrorKind.AuthenticationError, $"A smoke check needs an OIDC identity token, but {why}.")
        {
            RecommendedAction = "Connect with a service-account key file (or run where the metadata server can mint identity tokens), or use auth 'none'/'firebaseIdToken' for this check.",
        };
}

/// <summary>Reads a JWT's <c>exp</c> claim without validating it (we minted or just received it).</summary>
internal static class JwtExpiry
{
    public static DateTimeOffset Read(string jwt, DateTimeOffset fallbackFrom)
    {
        var parts = jwt.Split('.');
        if (parts.Length == 3)
        {
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
                using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
                if (json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds))
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                _ = ex; // not a JWT we can read: assume Google's standard hour
            }
        }

        return fallbackFrom + TimeSpan.FromHours(1);
    }
}
