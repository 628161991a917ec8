namespace JobFinder.Ops.Model;

/// <summary>How a deployment (or an undo of one) ended.</summary>
public enum DeploymentOutcome
{
    /// <summary>Still running, or the process died before it recorded an end (see the journal).</summary>
    InProgress,
    /// <summary>Every step passed and traffic is on the new revisions.</summary>
    Succeeded,
    /// <summary>Analysis or a failure sent traffic back to the recorded stable revisions.</summary>
    RolledBack,
    /// <summary>A step failed and the automatic rollback could not finish; use Undo-JobFinderDeployment.</summary>
    Failed,
    /// <summary>Stopped by the user (Ctrl+C), refused by a gate before any change, or stopped before any
    /// traffic moved because the smoke credentials are wrong (production restored; see
    /// <see cref="DeploymentRecord.CredentialProblem"/>). Never a verdict on the release.</summary>
    Aborted,
}
