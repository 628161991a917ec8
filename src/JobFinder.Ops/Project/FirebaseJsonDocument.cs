namespace JobFinder.Ops.Project;

/// <summary>firebase.json as written, normalised to arrays (firebase-tools accepts an object or an
/// array for functions, firestore and storage). Paths are still relative to the project root.</summary>
internal sealed record FirebaseJsonDocument(
    IReadOnlyList<CodebaseEntry> Codebases,
    IReadOnlyList<FirestoreEntry> Firestore,
    IReadOnlyList<StorageEntry> Storage,
    IReadOnlyList<string> OtherKeys);

/// <summary>One functions codebase entry. <see cref="Ignore"/> is null when firebase.json has none.</summary>
internal sealed record CodebaseEntry(
    string Field,
    string Name,
    string Source,
    bool SourceDefaulted,
    string? Runtime,
    IReadOnlyList<string> Predeploy,
    IReadOnlyList<string> Postdeploy,
    IReadOnlyList<string>? Ignore);

/// <summary>One firestore entry: by <see cref="Database"/> id or by deploy <see cref="Target"/>.</summary>
internal sealed record FirestoreEntry(string Field, string? Database, string? Target, string? Rules, string? Indexes, string? Location);

/// <summary>One storage entry: by <see cref="Bucket"/>, by deploy <see cref="Target"/>, or neither
/// (the default bucket).</summary>
internal sealed record StorageEntry(string Field, string? Bucket, string? Target, string Rules);
