using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Smoke;

/// <summary>Mints an OIDC ID token from a service-account key file: an RS256 JWT
/// <c>{iss: client_email, sub: client_email, aud: token_uri, iat, exp, target_audience}</c> signed
/// with the key, sent as the JWT-bearer grant to the key's <c>token_uri</c>; Google answers
/// <c>{"id_token": "..."}</c>, signed by Google, <c>aud</c> = the target audience. Neither the key nor
/// the token ever appears in a message.</summary>
internal sealed class ServiceAccountIdTokenMinter(HttpClient http, TimeProvider time)
{
    private const string DefaultTokenUri = "https://oauth2.googleapis.com/token";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public static bool IsServiceAccountKey(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("type", out var type) && type.GetString() == "service_account";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    public async Task<MintedToken> MintAsync(string keyFilePath, string audience, CancellationToken cancellationToken)
    {
        var key = ReadKey(keyFilePath);
        var assertion = SignAssertion(key, audience);
        using var content = new FormUrlEncodedContent([new("grant_type", JwtBearerGrant), new("assertion", assertion)]);
        using var response = await http.PostAsync(key.TokenUri, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? token = null;
        string? error = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            token = json.RootElement.TryGetProperty("id_token", out var t) ? t.GetString() : null;
            error = json.RootElement.TryGetProperty("error", out var e) ? $"{e.GetString()} {(json.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null)}".Trim() : null;
        }
        catch (JsonException)
        {
            error = $"HTTP {(int)response.StatusCode}, not JSON";
        }

        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(token))
        {
            throw new JobFinderException(
                "SmokeOidcTokenFailed",
                ErrorKind.AuthenticationError,
                $"The token endpoint {new Uri(key.TokenUri).GetLeftPart(UriPartial.Path)} did not issue an identity token for {key.Email}: {error ?? "no id_token in the answer"}.",
                key.Email);
        }

        return new MintedToken(token, JwtExpiry.Read(token, time.GetUtcNow()));
    }

    private string SignAssertion(ServiceAccountKey key, string audience)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (key.KeyId is not null)
        {
            header["kid"] = key.KeyId;
        }

        var headerJson = JsonSerializer.SerializeToUtf8Bytes(header, SmokeJsonContext.Default.DictionaryStringString);
        var payloadJson = Payload(key, audience, now);
        var signingInput = Base64Url(headerJson) + "." + Base64Url(payloadJson);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static byte[] Payload(ServiceAccountKey key, string audience, long now)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", key.Email);
            writer.WriteString("sub", key.Email);
            writer.WriteString("aud", key.TokenUri);
            writer.WriteNumber("iat", now);
            writer.WriteNumber("exp", now + 3600);
            writer.WriteString("target_audience", audience);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static ServiceAccountKey ReadKey(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var email = Get("client_email");
            var pem = Get("private_key");
            if (email is null || pem is null)
            {
                throw new JobFinderException("GoogleKeyFileInvalid", ErrorKind.InvalidArgument, $"'{path}' has no client_email or private_key.", path);
            }

            return new ServiceAccountKey(email, pem, Get("private_key_id"), Get("token_uri") ?? DefaultTokenUri);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new JobFinderException("GoogleKeyFileInvalid", ErrorKind.InvalidArgument, $"'{path}' is not a readable service-account key file: {ex.GetType().Name}.", path, ex);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record ServiceAccountKey(string Email, string PrivateKeyPem, string? KeyId, string TokenUri)
    {
        public override string ToString() => $"ServiceAccountKey {{ Email = {Email} }}";
    }
}
