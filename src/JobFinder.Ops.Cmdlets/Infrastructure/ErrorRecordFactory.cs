using System.Management.Automation;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Cmdlets.Infrastructure;

/// <summary>
/// Turns engine exceptions into ErrorRecords with stable ErrorIds and real categories.
/// JobFinderException carries its own id and kind; a few framework exceptions that reach the
/// cmdlet (network failure, timeout, unreadable file) get fixed ids here so that no error ever
/// surfaces with an empty id.
/// </summary>
internal static class ErrorRecordFactory
{
    public static ErrorRecord Create(Exception exception, object? target = null)
    {
        switch (exception)
        {
            case JobFinderException jf:
            {
                var record = new ErrorRecord(jf, jf.ErrorId, ToCategory(jf.Kind), target ?? jf.Target);
                if (jf.RecommendedAction is not null)
                {
                    record.ErrorDetails = new ErrorDetails(jf.Message) { RecommendedAction = jf.RecommendedAction };
                }

                return record;
            }

            case HttpRequestException http:
                return new ErrorRecord(http, "GoogleApiConnectionFailed", ErrorCategory.ConnectionError, target);
            case TimeoutException timeout:
                return new ErrorRecord(timeout, "OperationTimeoutReached", ErrorCategory.OperationTimeout, target);
            case UnauthorizedAccessException denied:
                return new ErrorRecord(denied, "FileAccessDenied", ErrorCategory.PermissionDenied, target);
            case FileNotFoundException notFound:
                return new ErrorRecord(notFound, "FileNotFound", ErrorCategory.ObjectNotFound, target ?? notFound.FileName);
            case DirectoryNotFoundException dirNotFound:
                return new ErrorRecord(dirNotFound, "DirectoryNotFound", ErrorCategory.ObjectNotFound, target);
            case IOException io:
                return new ErrorRecord(io, "FileReadWriteFailed", ErrorCategory.WriteError, target);
            default:
                return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
        }
    }

    /// <summary>ErrorKind member names equal ErrorCategory member names by design.</summary>
    public static ErrorCategory ToCategory(ErrorKind kind) =>
        Enum.TryParse<ErrorCategory>(kind.ToString(), out var category) ? category : ErrorCategory.NotSpecified;
}
