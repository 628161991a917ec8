namespace JobFinder.Ops.Project;

/// <summary>The gen2 runtimes this module deploys (the ones firebase-tools supports and Google has
/// not decommissioned).</summary>
internal static class FunctionRuntimes
{
    public static readonly IReadOnlyList<string> Known =
        ["nodejs18", "nodejs20", "nodejs22", "python310", "python311", "python312", "python313"];

    public static bool IsKnown(string runtime) => Known.Contains(runtime, StringComparer.Ordinal);
}
