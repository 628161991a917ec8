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

    public required bool FailsStartup { get; init; }

    public required string EntryPoint { get; init; }

    public required string FunctionId { get; init; }

    public required string Image { get; init; }

    public required Dictionary<string, string> Environment { get; init; }

    public required int TimeoutSeconds { get; init; }

    public required JsonObject Template { get; init; }

    public bool IsReady(DateTimeOffset now) => !FailsStartup && now >= ReadyAt;

    public bool HasFailed(DateTimeOffset now) => FailsStartup && now >= ReadyAt;

    public const string StartupFailureMessage =
        "The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout.";
}
