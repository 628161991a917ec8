using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;

namespace JobFinder.Ops.Emulator.Tests;

/// <summary>The JWT-bearer grant the real client libraries perform with a key file.</summary>
internal static class ServiceAccountToken
{
    public static async Task<string> GetAsync(string keyFilePath, HttpClient http)
    {
        var key = JsonNode.Parse(await File.ReadAllTextAsync(keyFilePath))!;
        using var rsa = RSA.Create();
        rsa.ImportFromPem((string)key["private_key"]!);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var assertion = Jwt.Sign(new JsonObject
        {
            ["iss"] = (string)key["client_email"]!,
            ["scope"] = "https://www.googleapis.com/auth/cloud-platform",
            ["aud"] = (string)key["token_uri"]!,
            ["iat"] = now,
            ["exp"] = now + 3600,
        }, rsa, (string?)key["private_key_id"]);
        using var response = await http.PostAsync((string)key["token_uri"]!, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = assertion,
        }));
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }
}
