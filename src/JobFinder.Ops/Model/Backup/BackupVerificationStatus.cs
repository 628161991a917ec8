namespace JobFinder.Ops.Model;

/// <summary>How far a backup has been proven, weakest first (dbatools' ladder: checksum, readable,
/// restored). A deployment gate accepts <see cref="HashesVerified"/> and <see cref="RestoreVerified"/>
/// only; <see cref="Failed"/> is sticky until a later verification passes every check.</summary>
public enum BackupVerificationStatus
{
    /// <summary>Written, not checked yet.</summary>
    Unverified,

    /// <summary>Every artifact matches its SHA-256 locally and in the bucket, and the export succeeded.</summary>
    HashesVerified,

    /// <summary>Also imported into a scratch database whose counts and sampled documents match.</summary>
    RestoreVerified,

    /// <summary>The export failed or a check did not pass: never a rollback point.</summary>
    Failed,
}
