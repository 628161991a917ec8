using System.Globalization;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Smoke;

/// <summary>Firebase ID tokens for the smoke-test user, minted with Identity Toolkit
/// <c>POST v1/accounts:signInWithPassword?key=API_KEY</c> (the REST call behind Firebase Auth's
/// email/password sign-in) and cached until shortly before they expire. The request carries no OAuth
/// credentials: the API key identifies the Firebase project.</summary>
internal sealed class FirebaseIdTokenSource(GoogleRestClient client, Func<SmokeUserCredential> credential, ExpiringTokenCache cache, SecretRedactor secrets, TimeProvider time)
{
    public Task<string> GetTokenAsync(IEngineEventSink events, CancellationToken cancellationToken) =>
        cache.GetAsync("firebase", ct => SignInAsync(events, ct), cancellationToken);

    private async Task<MintedToken> SignInAsync(IEngineEventSink events, CancellationToken cancellationToken)
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
            using var response = await client.WithEvents(events).SendForResponseAsync(request, cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            var token = json.RootElement.TryGetProperty("idToken", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new JobFinderException("SmokeSignInFailed", ErrorKind.InvalidData, "Identity Toolkit answered the sign-in without an idToken.", user.Email);
            }

            secrets.Add(token);
            events.Verbose($"Signed in smoke-test user {user.Email} with Identity Toolkit (Firebase ID token minted).");
            return new MintedToken(token, issuedAt + ExpiresIn(json.RootElement));
        }
        catch (GoogleApiException ex)
        {
            // Identity Toolkit's message is a reason code (INVALID_LOGIN_CREDENTIALS, API key not valid).
            throw new JobFinderException("SmokeSignInFailed", ErrorKind.AuthenticationError, $"Signing in the smoke-test user {user.Email} failed: {ex.ApiMessage}", user.Email);
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
