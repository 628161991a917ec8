using System.Globalization;
using System.Text;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Transport;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Firebase ID tokens for the smoke-test user, minted with Identity Toolkit
/// <c>POST v1/accounts:signInWithPassword?key=API_KEY</c> (the REST call behind Firebase Auth's
/// email/password sign-in) and cached until shortly before they expire. The request carries no OAuth
/// credentials: the API key identifies the Firebase project, and the token is checked to be that of
/// <paramref name="projectId"/> before any check carries it. A refused sign-in or a token of another
/// project is a <see cref="SmokeCredentialsException"/>: wrong credentials, not a failing release.</summary>
internal sealed class FirebaseIdTokenSource(GoogleRestClient client, string projectId, Func<SmokeUserCredential> credential, ExpiringTokenCache cache, SecretRedactor secrets, TimeProvider time)
{
    private const string Fix = "Against Firebase: the web API key is the apiKey of the project's web app (Firebase console > Project settings > General, or "
        + "firebase apps:sdkconfig WEB --project {0}), and the test user is an email/password user of that project's Firebase Authentication. "
        + "Against the emulator: Start-JobFinderEmulator -Environment <alias> sets both; every project's key is in the ApiKeys property of its output. See docs/SMOKE.md.";

    // A refused sign-in is not asked again by the other checks of the run: repeated failed sign-ins
    // can lock the test user out (TOO_MANY_ATTEMPTS_TRY_LATER).
    private SmokeCredentialsException? _refused;

    /// <summary>One cached token per project: a runner reused for another project must not send this one's.</summary>
    public Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        cache.GetAsync("firebase:" + projectId, ct => SignInOnceAsync(ct), cancellationToken);

    /// <summary>Runs under the cache's lock, so concurrent checks see the first refusal.</summary>
    private async Task<MintedToken> SignInOnceAsync(CancellationToken cancellationToken)
    {
        if (_refused is { } refused)
        {
            throw refused;
        }

        try
        {
            return await SignInAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmokeCredentialsException ex)
        {
            _refused = ex;
            throw;
        }
    }

    private async Task<MintedToken> SignInAsync(CancellationToken cancellationToken)
    {
        var user = credential();
        secrets.Add(user.ApiKey);
        secrets.Add(user.Password);
        var body = SignInBody(user);
        var request = new GoogleRequest
        {
            Service = GoogleService.IdentityToolkit,
            Method = HttpMethod.Post,
            Path = "v1/accounts:signInWithPassword",
            Query = [new("key", user.ApiKey)],
            Authenticate = false,
            Retry = RetryPolicy.Read, // a sign-in changes nothing; repeating it is safe
            Content = GoogleRequest.Bytes(body, "application/json"),
            ResourceName = "smoke-test user sign-in",
        };
        var issuedAt = time.GetUtcNow();
        try
        {
            using var response = await client.SendForResponseAsync(request, cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            var token = json.RootElement.TryGetProperty("idToken", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new JobFinderException("SmokeSignInFailed", ErrorKind.InvalidData, "Identity Toolkit answered the sign-in without an idToken.", user.Email);
            }

            secrets.Add(token);
            RequireThisProject(token, user);
            client.Events.Verbose($"Signed in smoke-test user {user.Email} with Identity Toolkit (Firebase ID token minted).");
            return new MintedToken(token, issuedAt + ExpiresIn(json.RootElement));
        }
        catch (GoogleApiException ex) when (IsRefusal(ex))
        {
            throw Rejected(user, ex);
        }
        catch (GoogleApiException ex)
        {
            // 429, 5xx after the REST layer's retries: Identity Toolkit is unavailable, the credentials may be fine.
            throw new JobFinderException("SmokeSignInFailed", ErrorKind.ResourceUnavailable, $"Signing in the smoke-test user {user.Email} failed: {ex.ApiMessage}", user.Email);
        }
    }

    /// <summary>Identity Toolkit answers a sign-in it will not grant with 400 (INVALID_LOGIN_CREDENTIALS,
    /// EMAIL_NOT_FOUND, INVALID_PASSWORD, USER_DISABLED, "API key not valid"), or 403 for a key whose
    /// restrictions block the call (https://firebase.google.com/docs/reference/rest/auth#section-sign-in-email-password,
    /// https://cloud.google.com/docs/authentication/api-keys#api_key_restrictions). Asking again will not change it.</summary>
    private static bool IsRefusal(GoogleApiException ex) => ex.HttpStatus is >= 400 and < 500 and not 408 and not 429;

    private SmokeCredentialsException Rejected(SmokeUserCredential user, GoogleApiException ex)
    {
        // The key is at fault when Identity Toolkit says so (invalid, restricted, or its project has no
        // Authentication set up); every other reason code is about the user (docs above).
        var aboutKey = ex.HttpStatus == 403
            || ex.ApiMessage.Contains("API key", StringComparison.OrdinalIgnoreCase)
            || ex.ApiMessage.Contains("API_KEY", StringComparison.Ordinal)
            || (ex.Reason?.Contains("API_KEY", StringComparison.Ordinal) ?? false)
            || ex.ApiMessage.StartsWith("CONFIGURATION_NOT_FOUND", StringComparison.Ordinal);
        return new SmokeCredentialsException(new SmokeCredentialProblem
        {
            ErrorId = SmokeCredentialProblem.RejectedErrorId,
            Category = ex.HttpStatus == 403 ? ErrorKind.PermissionDenied : ErrorKind.AuthenticationError,
            ProjectId = projectId,
            Credential = aboutKey ? SmokeUserCredential.ApiKeyCredential : SmokeUserCredential.UserCredential,
            Source = aboutKey ? user.ApiKeySource : user.UserSource,
            Message = $"Identity Toolkit refused to sign in the smoke-test user {user.Email}: {secrets.Redact(ex.ApiMessage)} (HTTP {ex.HttpStatus})",
            Fix = string.Format(CultureInfo.InvariantCulture, Fix, projectId),
        });
    }

    /// <summary>A Firebase ID token's <c>aud</c> is the Firebase project it was issued for, which the
    /// functions check it against (https://firebase.google.com/docs/auth/admin/verify-id-tokens#verify_id_tokens_using_a_third-party_jwt_library).
    /// A key of another project signs the user into that project, and every signed-in check would answer
    /// 401 as if the release were broken; caught here, before any check sends the token.</summary>
    private void RequireThisProject(string token, SmokeUserCredential user)
    {
        var audience = AudienceOf(token);
        if (audience is null || audience == projectId)
        {
            return;
        }

        throw new SmokeCredentialsException(new SmokeCredentialProblem
        {
            ErrorId = SmokeCredentialProblem.RejectedErrorId,
            Category = ErrorKind.AuthenticationError,
            ProjectId = projectId,
            Credential = SmokeUserCredential.ApiKeyCredential,
            Source = user.ApiKeySource,
            Message = $"the web API key in {user.ApiKeySource} is the key of Firebase project {audience}: Identity Toolkit signed the test user into {audience}, and {projectId}'s functions refuse that project's ID tokens",
            Fix = $"Set {user.ApiKeySource} to the web API key of {projectId}. " + string.Format(CultureInfo.InvariantCulture, Fix, projectId),
        });
    }

    /// <summary>The <c>aud</c> claim of a JWT's payload (read, not verified: Identity Toolkit just issued it over TLS).</summary>
    internal static string? AudienceOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.TryGetProperty("aud", out var aud) && aud.ValueKind == JsonValueKind.String ? aud.GetString() : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static byte[] SignInBody(SmokeUserCredential user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("email", user.Email);
            writer.WriteString("password", user.Password);
            writer.WriteBoolean("returnSecureToken", true);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary><c>expiresIn</c> is a string of seconds ("3600"); an hour when absent.</summary>
    private static TimeSpan ExpiresIn(JsonElement response) =>
        response.TryGetProperty("expiresIn", out var e) && long.TryParse(e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromHours(1);
}
