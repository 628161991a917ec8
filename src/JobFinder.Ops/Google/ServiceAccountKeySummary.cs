using System.Text.Json;

namespace JobFinder.Ops.Google;

/// <summary>The public fields of a service-account key file: whose it is, its project and its token
/// endpoint. Read without the private key ever leaving the JSON document, for display only.</summary>
public sealed record ServiceAccountKeySummary(string? ClientEmail, string? ProjectId, Uri? TokenUri)
{
    /// <summary>True when tokens come from this machine (an emulator's key), not from Google.</summary>
    public bool IssuedLocally => TokenUri is { IsLoopback: true };

    /// <summary>Null when the file is missing or is not a JSON object.</summary>
    public static ServiceAccountKeySummary? TryRead(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new ServiceAccountKeySummary(
                Text(root, "client_email"),
                Text(root, "project_id"),
                Uri.TryCreate(Text(root, "token_uri"), UriKind.Absolute, out var tokenUri) ? tokenUri : null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
