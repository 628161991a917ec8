using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Compact RS256 JWS: enough of RFC 7515/7519 for service-account assertions, self-signed JWT
/// access tokens, the emulator's access tokens and Firebase ID tokens.</summary>
public static class Jwt
{
    public static string Sign(JsonObject payload, RSA key, string? keyId = null)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                           Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Splits a token without checking it; null when it is not a well-formed RS256 JWS.</summary>
    public static UnverifiedJwt? Decode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "RS256" || payload is null)
            {
                return null;
            }

            return new UnverifiedJwt(header, payload, parts[0] + "." + parts[1], FromBase64Url(parts[2]));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        return Convert.FromBase64String(s);
    }
}

/// <summary>A decoded JWS whose signature has not been checked yet.</summary>
public sealed record UnverifiedJwt(JsonObject Header, JsonObject Payload, string SigningInput, byte[] Signature)
{
    public string? KeyId => Header["kid"]?.GetValue<string>();

    public string? Claim(string name) => Payload[name] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public long? NumericClaim(string name) => Payload[name] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public bool VerifySignature(RSA key) =>
        key.VerifyData(Encoding.ASCII.GetBytes(SigningInput), Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Signature valid, <c>exp</c> in the future (with 60 s skew like Google), <c>iat</c> not far ahead.</summary>
    public bool IsValid(RSA key, DateTimeOffset now)
    {
        var exp = NumericClaim("exp");
        var iat = NumericClaim("iat") ?? 0;
        var seconds = now.ToUnixTimeSeconds();
        return exp is { } e && e + 60 > seconds && iat - 300 <= seconds && VerifySignature(key);
    }
}
