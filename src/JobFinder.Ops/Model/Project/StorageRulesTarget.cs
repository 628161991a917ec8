namespace JobFinder.Ops.Model;

/// <summary>Security rules for one Cloud Storage bucket declared in firebase.json.</summary>
/// <param name="Bucket">Bucket name; null means the project's default Firebase Storage bucket,
/// which the deployer resolves from the live project.</param>
/// <param name="Target">The deploy-target name the bucket was resolved from, if any.</param>
/// <param name="RulesPath">Absolute path of the rules file.</param>
public sealed record StorageRulesTarget(string? Bucket, string? Target, string RulesPath);
