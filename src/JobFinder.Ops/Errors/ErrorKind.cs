namespace JobFinder.Ops.Errors;

/// <summary>The engine's error categories. Names match System.Management.Automation.ErrorCategory
/// member names exactly, so the cmdlet layer maps them by name without the engine referencing
/// PowerShell.</summary>
public enum ErrorKind
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    ObjectNotFound,
    PermissionDenied,
    AuthenticationError,
    ConnectionError,
    OperationTimeout,
    ResourceUnavailable,
    ResourceExists,
    ResourceBusy,
    LimitsExceeded,
    OperationStopped,
    SecurityError,
}
