using System.Text.Json;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Backup;

/// <summary>SHA-256 of a function's configuration: the Function resource with the fields the server
/// writes (state, times, URL, serving revision, build id) removed, values included. Two functions with
/// the same settings and variable values hash the same; a changed secret value changes the hash without
/// the value ever leaving the artifact.</summary>
internal static class FunctionConfigHash
{
    private static readonly HashSet<string> s_outputOnlyExtensions = new(StringComparer.Ordinal)
    {
        "satisfiesPzs", "upgradeInfo", "createTime", "updateTime", "etag",
    };

    public static string Compute(Function function)
    {
        var configOnly = function with
        {
            Name = null,
            State = null,
            CreateTime = null,
            UpdateTime = null,
            Url = null,
            StateMessages = null,
            ExtensionData = Strip(function.ExtensionData),
            BuildConfig = function.BuildConfig is null ? null : function.BuildConfig with { Build = null, SourceToken = null },
            ServiceConfig = function.ServiceConfig is null ? null : function.ServiceConfig with
            {
                Revision = null,
                Uri = null,
                Service = null,
                EnvironmentVariables = Sorted(function.ServiceConfig.EnvironmentVariables),
            },
        };
        return Sha256Streams.Hash(JsonSerializer.SerializeToUtf8Bytes(configOnly, GoogleJsonContext.Default.Function));
    }

    private static Dictionary<string, JsonElement>? Strip(Dictionary<string, JsonElement>? extensions) =>
        extensions?.Where(e => !s_outputOnlyExtensions.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value);

    /// <summary>Dictionary order is whatever the server sent; hash in key order.</summary>
    private static Dictionary<string, string>? Sorted(Dictionary<string, string>? values) =>
        values?.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value);
}
