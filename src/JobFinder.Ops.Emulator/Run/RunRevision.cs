using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>One Cloud Run revision. Readiness is a function of time: Ready once <see cref="ReadyAt"/> has
/// passed, never when its environment asks for a failing start-up (<c>EMULATOR_FAULT_STARTUP=fail</c>).</summary>
public sealed class RunRevision
{
    public required string Id { get; init; }

    public required string Uid { get; init; }

    public required int Number { get; init; }

    public required long ServiceGeneration { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset ReadyAt { get; set; }

    /// <summary>Set at creation by the start-up fault knob, or later when the revision's code failed to
    /// build or start: such a revision never becomes Ready.</summary>
    public required bool FailsStartup { get; set; }

    public required string EntryPoint { get; init; }

    public required string FunctionId { get; init; }

    public required string Image { get; init; }

    public required Dictionary<string, string> Environment { get; init; }

    public required int TimeoutSeconds { get; init; }

    public required JsonObject Template { get; init; }

    /// <summary>The source archive the revision was built from (<c>gs://bucket/object#generation</c>): the
    /// code its worker runs. A revision made by a Run template change keeps its predecessor's.</summary>
    public string? SourceLocation { get; init; }

    public bool IsReady(DateTimeOffset now) => !FailsStartup && now >= ReadyAt;

    public bool HasFailed(DateTimeOffset now) => FailsStartup && now >= ReadyAt;

    public const string StartupFailureMessage =
        "The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout.";
}
