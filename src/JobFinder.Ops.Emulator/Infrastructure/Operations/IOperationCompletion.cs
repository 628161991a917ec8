using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>What finishing one kind of long-running operation does (create the revision, write the export...).
/// Found in the assembly like <see cref="IEmulatorApi"/> and looked up by <see cref="Kind"/>, so an operation
/// saved before a restart still completes after it. Called outside the store's lock, at most once per
/// operation; it may take other stores' locks.</summary>
public interface IOperationCompletion
{
    /// <summary>Stable name saved with each operation, e.g. "cloudfunctions.deploy".</summary>
    string Kind { get; }

    /// <summary>Performs the work; returns the operation <c>response</c> (with <c>@type</c>). Throw a
    /// <see cref="GoogleApiException"/> to fail the operation (its gRPC code goes into <c>error</c>).
    /// May update <see cref="OperationRecord.Metadata"/> (e.g. <c>endTime</c>, stages).</summary>
    JsonNode Complete(OperationRecord operation);

    /// <summary>The operation failed (operation fault, cancel, or <see cref="Complete"/> threw): undo or mark
    /// the resource failed. <paramref name="error"/> is the google.rpc.Status already stored on the operation.</summary>
    void Fail(OperationRecord operation, JsonObject error)
    {
    }

    /// <summary>False while work the operation waits for is still running outside the store (building and
    /// starting a revision's code): a due operation stays undone until this is true. Called outside the
    /// store's lock on each completion check; it must return quickly.</summary>
    bool IsReady(OperationRecord operation) => true;

    /// <summary>Polled while running with the elapsed fraction 0..1 (progress counters in metadata).</summary>
    void Progress(OperationRecord operation, double fraction)
    {
    }
}
