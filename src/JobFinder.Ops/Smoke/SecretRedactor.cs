using System.Collections.Concurrent;

namespace JobFinder.Ops.Smoke;

/// <summary>Remembers every secret a smoke run handles (tokens it minted, the API key, the test user's
/// password) and removes them from any text that leaves the engine: reasons, response excerpts. A
/// function that echoes the Authorization header must not leak the token into a report or a log.</summary>
internal sealed class SecretRedactor
{
    public const string Replacement = "<redacted>";

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    public void Add(string? secret)
    {
        // Very short values would redact ordinary words; real tokens and keys are long.
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 8)
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets.Keys)
        {
            text = text.Replace(secret, Replacement, StringComparison.Ordinal);
        }

        return text;
    }
}
