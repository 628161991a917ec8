using System.Text.Json;

namespace JobFinder.Ops.Google.Operations;

/// <summary>google.longrunning.Operation. <c>done</c> is absent while running; when done exactly one of
/// <see cref="Error"/> and <see cref="Response"/> is set. Metadata and response stay raw JSON here and
/// are bound to the API's own type by <see cref="OperationPoller"/>.</summary>
public sealed record Operation
{
    public string? Name { get; init; }

    public JsonElement? Metadata { get; init; }

    public bool Done { get; init; }

    public RpcStatus? Error { get; init; }

    public JsonElement? Response { get; init; }
}

/// <summary>google.rpc.Status: <see cref="Code"/> is the gRPC number (8 = RESOURCE_EXHAUSTED), not HTTP.</summary>
public sealed record RpcStatus
{
    public int Code { get; init; }

    public string? Message { get; init; }

    public List<JsonElement>? Details { get; init; }
}

public sealed record ListOperationsResponse
{
    public List<Operation>? Operations { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>The empty message (<c>{}</c>) some calls return.</summary>
public sealed record Empty;

/// <summary>How patiently to poll: the first wait, its growth, its cap and the overall timeout.
/// firebase-tools starts at 250 ms and gives function deploys 25 minutes.</summary>
public sealed record OperationPollOptions
{
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public double Multiplier { get; init; } = 1.5;

    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>Tight polling for the emulator's fast profile, where operations finish in ~50-200 ms.</summary>
    public static OperationPollOptions Fast { get; } = new()
    {
        InitialInterval = TimeSpan.FromMilliseconds(20),
        Multiplier = 1.5,
        MaxInterval = TimeSpan.FromMilliseconds(200),
        Timeout = TimeSpan.FromMinutes(2),
    };
}
