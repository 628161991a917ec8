using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Rollout;

/// <summary>A rollout step could not do what it must (no new revision, an unexpected live state).
/// ErrorId <c>DeploymentStepFailed</c>; it triggers the automatic rollback like any other failure.</summary>
public sealed class JobFinderDeploymentException(string message, object? target = null, Exception? inner = null)
    : JobFinderException("DeploymentStepFailed", ErrorKind.InvalidOperation, message, target, inner);
