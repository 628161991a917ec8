namespace JobFinder.Ops.Model;

/// <summary>A Firestore database declared in firebase.json, with its rules and indexes files
/// (absolute paths; either may be null when firebase.json does not name one).</summary>
/// <param name="Database">Database id; <c>(default)</c> for the default database.</param>
/// <param name="RulesPath">Absolute path of the rules file, or null.</param>
/// <param name="IndexesPath">Absolute path of the indexes file, or null.</param>
/// <param name="Location">Location from firebase.json, when given (used only when creating the database).</param>
public sealed record FirestoreDatabaseTarget(string Database, string? RulesPath, string? IndexesPath, string? Location);
