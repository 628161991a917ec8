namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Canonical google.rpc.Code values with their HTTP mapping (google/rpc/code.proto).</summary>
public sealed record RpcCode(int Number, string Name, int HttpStatus)
{
    public static readonly RpcCode Ok = new(0, "OK", 200);
    public static readonly RpcCode Cancelled = new(1, "CANCELLED", 499);
    public static readonly RpcCode Unknown = new(2, "UNKNOWN", 500);
    public static readonly RpcCode InvalidArgument = new(3, "INVALID_ARGUMENT", 400);
    public static readonly RpcCode DeadlineExceeded = new(4, "DEADLINE_EXCEEDED", 504);
    public static readonly RpcCode NotFound = new(5, "NOT_FOUND", 404);
    public static readonly RpcCode AlreadyExists = new(6, "ALREADY_EXISTS", 409);
    public static readonly RpcCode PermissionDenied = new(7, "PERMISSION_DENIED", 403);
    public static readonly RpcCode ResourceExhausted = new(8, "RESOURCE_EXHAUSTED", 429);
    public static readonly RpcCode FailedPrecondition = new(9, "FAILED_PRECONDITION", 400);
    public static readonly RpcCode Aborted = new(10, "ABORTED", 409);
    public static readonly RpcCode OutOfRange = new(11, "OUT_OF_RANGE", 400);
    public static readonly RpcCode Unimplemented = new(12, "UNIMPLEMENTED", 501);
    public static readonly RpcCode Internal = new(13, "INTERNAL", 500);
    public static readonly RpcCode Unavailable = new(14, "UNAVAILABLE", 503);
    public static readonly RpcCode DataLoss = new(15, "DATA_LOSS", 500);
    public static readonly RpcCode Unauthenticated = new(16, "UNAUTHENTICATED", 401);

    public static readonly IReadOnlyList<RpcCode> All =
    [
        Ok, Cancelled, Unknown, InvalidArgument, DeadlineExceeded, NotFound, AlreadyExists, PermissionDenied,
        ResourceExhausted, FailedPrecondition, Aborted, OutOfRange, Unimplemented, Internal, Unavailable,
        DataLoss, Unauthenticated,
    ];

    public static RpcCode FromNumber(int number) => All.FirstOrDefault(c => c.Number == number) ?? Unknown;

    /// <summary>The code Google uses for a bare HTTP status (fault injection picks codes by HTTP status).</summary>
    public static RpcCode FromHttpStatus(int status) => status switch
    {
        400 => InvalidArgument,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => NotFound,
        409 => Aborted,
        412 => FailedPrecondition,
        429 => ResourceExhausted,
        499 => Cancelled,
        501 => Unimplemented,
        503 => Unavailable,
        504 => DeadlineExceeded,
        _ when status >= 500 => Internal,
        _ => Unknown,
    };
}
