namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Endpoint metadata the emulator's middleware reads.</summary>
public sealed record EmulatorApiMetadata(string Label, ErrorStyle ErrorStyle);

/// <summary>Names the API of a gRPC endpoint for the request log. gRPC calls authenticate and answer errors
/// in their own protocol (status trailers), so they do not carry <see cref="EmulatorApiMetadata"/>, which
/// would put them through the REST middleware.</summary>
public sealed record GrpcApiMetadata(string Label);

/// <summary>Marks an API endpoint that needs no bearer token (token grant, sign-in, signed-URL upload).</summary>
public sealed class AnonymousCallMetadata
{
    public static readonly AnonymousCallMetadata Instance = new();
}

/// <summary>Marks a POST that only reads (e.g. <c>:runQuery</c>): viewers may call it and the request log
/// records it as not mutating.</summary>
public sealed class ReadStyleCallMetadata
{
    public static readonly ReadStyleCallMetadata Instance = new();
}

public static class EndpointConventions
{
    public static TBuilder AnonymousCall<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AnonymousCallMetadata.Instance);

    public static TBuilder ReadStyleCall<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ReadStyleCallMetadata.Instance);

    public static EmulatorApiMetadata? GetApiMetadata(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EmulatorApiMetadata>();
}

/// <summary>Decides whether a request changes state (request log <c>mutating</c>, viewer checks).</summary>
public static class MutationClassifier
{
    private static readonly string[] ReadStyleSuffixes =
    [
        ":test", "timeSeries:query", "/token", "accounts:signInWithPassword", ":runQuery",
        ":runAggregationQuery", ":batchGet", ":listCollectionIds", ":listDocuments", ":wait",
    ];

    public static bool IsMutating(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<ReadStyleCallMetadata>() is not null)
        {
            return false;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        return !ReadStyleSuffixes.Any(s => path.EndsWith(s, StringComparison.Ordinal));
    }
}
