namespace JobFinder.Ops.Model;

/// <summary>What happened to one webhook message. The webhook URL embeds a token, so only its host
/// is kept.</summary>
public sealed record NotificationResult
{
    /// <summary>Host of the webhook (never the path or query, which hold the token).</summary>
    public required string Host { get; init; }

    public required NotificationFormat Format { get; init; }

    /// <summary>The deployment phase announced, or null for a free-text message.</summary>
    public NotificationPhase? Phase { get; init; }

    public required bool Delivered { get; init; }

    /// <summary>HTTP status of the last attempt; null when no response came (DNS, refused, timeout).</summary>
    public int? StatusCode { get; init; }

    public int Attempts { get; init; }

    /// <summary>Why it was not delivered (no URL or token in it); null when delivered.</summary>
    public string? Error { get; init; }

    public DateTimeOffset SentAt { get; init; } = DateTimeOffset.UtcNow;
}
