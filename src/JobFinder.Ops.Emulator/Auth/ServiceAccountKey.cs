using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>A service account the emulator knows: its identity and RSA key (the client holds the private
/// key through the key file; the emulator verifies assertions with the same key's public half).</summary>
public sealed class ServiceAccountKey(string email, string keyId, string clientId, RSA key, bool readOnly)
{
    public string Email { get; } = email;

    public string KeyId { get; } = keyId;

    public string ClientId { get; } = clientId;

    public RSA Key { get; } = key;

    public bool ReadOnly { get; } = readOnly;

    /// <summary>The key file in Google's format, <c>token_uri</c> pointing at this emulator.</summary>
    public JsonObject ToKeyFile(string projectId, string tokenUri) => new()
    {
        ["type"] = "service_account",
        ["project_id"] = projectId,
        ["private_key_id"] = KeyId,
        ["private_key"] = Key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = Email,
        ["client_id"] = ClientId,
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri,
        ["auth_provider_x509_cert_url"] = "https://www.googleapis.com/oauth2/v1/certs",
        ["client_x509_cert_url"] = "https://www.googleapis.com/robot/v1/metadata/x509/" + Uri.EscapeDataString(Email),
        ["universe_domain"] = "googleapis.com",
    };

    public static ServiceAccountKey FromKeyFile(JsonObject file, bool readOnly)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(file["private_key"]!.GetValue<string>());
        return new ServiceAccountKey(
            file["client_email"]!.GetValue<string>(),
            file["private_key_id"]!.GetValue<string>(),
            file["client_id"]?.GetValue<string>() ?? "0",
            rsa,
            readOnly);
    }

    public static ServiceAccountKey Create(string email, bool readOnly) => new(
        email,
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
        RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000000",
        RSA.Create(2048),
        readOnly);
}
