using Grpc.Core;
using Grpc.Core.Interceptors;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Around every call of the gRPC Firestore: authentication, the canonical gRPC status for a
/// <see cref="GoogleApiException"/> (the same google.rpc.Code Google answers: NOT_FOUND, ALREADY_EXISTS,
/// FAILED_PRECONDITION, ABORTED...), and an UNIMPLEMENTED that names the method instead of the empty
/// message of the generated base class.</summary>
/// <remarks>Credentials: the Admin SDK sends <c>Authorization: Bearer owner</c> whenever
/// <c>FIRESTORE_EMULATOR_HOST</c> is set (nodejs-firestore src/index.ts, the emulator branch of the
/// constructor), so that token is accepted here even with <c>--strict</c>, which is about what the module
/// sends to the Google APIs. Tokens the emulator issued (service-account access tokens) are accepted as
/// on the REST API, a viewer only for reads; anything else is UNAUTHENTICATED.</remarks>
internal sealed class FirestoreGrpcInterceptor(AccessTokens tokens) : Interceptor
{
    private const string ServiceName = "google.firestore.v1.Firestore";
    private const string EmulatorOwnerToken = "owner";

    /// <summary>Methods that change nothing (a viewer may call them; the request log says not mutating).</summary>
    public static readonly IReadOnlySet<string> ReadMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "GetDocument", "ListDocuments", "BatchGetDocuments", "BeginTransaction", "Rollback", "RunQuery",
        "RunAggregationQuery", "PartitionQuery", "Listen", "ListCollectionIds", "ExecutePipeline",
    };

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, () => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, () => continuation(requestStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });

    public static string MethodName(string fullMethod) => fullMethod[(fullMethod.LastIndexOf('/') + 1)..];

    private async Task<T> Guard<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var method = MethodName(context.Method);
        try
        {
            Authenticate(context, method);
            return await call().ConfigureAwait(false);
        }
        catch (GoogleApiException ex)
        {
            throw new RpcException(new Status((StatusCode)ex.Code.Number, ex.Message));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented && string.IsNullOrEmpty(ex.Status.Detail))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented,
                $"Method {ServiceName}/{method} is not implemented by the JobFinder.Ops emulator."));
        }
    }

    private void Authenticate(ServerCallContext context, string method)
    {
        var header = context.RequestHeaders.GetValue("authorization") ?? string.Empty;
        const string scheme = "Bearer ";
        var bearer = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        var principal = bearer == EmulatorOwnerToken
            ? new Principal(EmulatorOwnerToken, canWrite: true, [])
            : bearer is null ? null : tokens.Authenticate(bearer);
        if (principal is null)
        {
            throw GoogleErrors.Unauthenticated();
        }
        context.GetHttpContext().SetPrincipal(principal);
        if (!ReadMethods.Contains(method))
        {
            principal.RequireWrite();
        }
    }
}
