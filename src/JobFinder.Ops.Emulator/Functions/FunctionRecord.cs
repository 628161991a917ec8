using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>A Cloud Functions v2 function: the caller's fields as sent (<see cref="Resource"/>) plus the
/// state the service owns.</summary>
public sealed class FunctionRecord
{
    public required string Project { get; init; }

    public required string Location { get; init; }

    public required string Id { get; init; }

    public required JsonObject Resource { get; set; }

    public string State { get; set; } = "DEPLOYING";

    public required DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; set; }

    /// <summary>Short id of the revision the last successful deploy made.</summary>
    public string? CurrentRevision { get; set; }

    /// <summary>Message of the last failed deploy (stateMessages), cleared by a success.</summary>
    public string? FailureMessage { get; set; }

    [JsonIgnore]
    public string Name => $"projects/{Project}/locations/{Location}/functions/{Id}";

    /// <summary>Function id lower-cased with '_' → '-' (what Cloud Functions names the Run service).</summary>
    [JsonIgnore]
    public string ServiceId => ServiceIdOf(Id);

    public static string ServiceIdOf(string functionId) => functionId.ToLowerInvariant().Replace('_', '-');

    /// <summary>Run service name for a function name (<c>.../functions/F</c> → <c>.../services/f</c>).</summary>
    public static string ServiceNameOf(string functionName)
    {
        var slash = functionName.LastIndexOf('/');
        return functionName[..slash].Replace("/functions", "/services", StringComparison.Ordinal) + "/" + ServiceIdOf(functionName[(slash + 1)..]);
    }

    [JsonIgnore]
    public string ServiceName => $"projects/{Project}/locations/{Location}/services/{ServiceId}";
}
