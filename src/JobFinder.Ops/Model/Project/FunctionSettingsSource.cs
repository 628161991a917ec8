namespace JobFinder.Ops.Model;

/// <summary>The values of <see cref="ProjectFunction.SettingsSource"/>.</summary>
public static class FunctionSettingsSource
{
    /// <summary>The Firebase SDK's own manifest, read by loading the codebase (firebase-tools' default).</summary>
    public const string Code = "code";

    /// <summary>A static functions.yaml in the source folder (wins over the code, as in firebase-tools).</summary>
    public const string FunctionsYaml = "functions.yaml";
}
