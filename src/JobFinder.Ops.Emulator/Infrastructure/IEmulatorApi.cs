namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>One emulated Google API. The host finds every implementation in the assembly, registers it
/// as a singleton (so constructors may take services) and maps it twice: at the root on Google's own
/// paths and under <c>/{prefix}/</c> for each of <see cref="Prefixes"/>.</summary>
/// <remarks>Route conventions the host relies on: a route value named <c>project</c> is checked against
/// the caller's project membership automatically, and POST/PATCH/PUT/DELETE count as mutations (viewer → 403)
/// unless the endpoint is marked <see cref="EndpointConventions.ReadStyleCall{T}"/> or its path ends in a
/// known read-style verb (see <see cref="MutationClassifier"/>).</remarks>
public interface IEmulatorApi
{
    /// <summary>First label of the Google host: "storage", "firestore", "cloudfunctions", "run", ...
    /// Used in the request log and to match <c>/_emulator/faults</c>.</summary>
    string Label { get; }

    /// <summary>Prefixes the same routes are also served under (default: the label).</summary>
    IReadOnlyList<string> Prefixes => [Label];

    /// <summary>Which error body this API writes (Storage and Identity Toolkit use the older shape).</summary>
    ErrorStyle ErrorStyle => ErrorStyle.Google;

    /// <summary>Maps the API's routes (relative, e.g. <c>v2/projects/{project}/locations/{location}/functions</c>).
    /// A method group that takes only <c>HttpContext</c> and returns <c>Task&lt;IResult&gt;</c> must be cast to
    /// <c>Delegate</c>, or ASP.NET binds it as a RequestDelegate and drops the result (analyzer ASP0016).</summary>
    void Map(IEndpointRouteBuilder routes);
}

public enum ErrorStyle
{
    /// <summary><c>{"error":{"code","message","status","details"}}</c>.</summary>
    Google,

    /// <summary><c>{"error":{"code","message","errors":[{"message","domain","reason"}]}}</c>.</summary>
    Legacy,
}
