namespace JobFinder.Ops.Undo;

/// <summary>A function's invoker binding and/or Cloud Scheduler job as they were before the deployment
/// changed them. <see cref="InvokerBefore"/> null: the invoker was not changed. <see cref="ScheduleJobName"/>
/// null: the job was not changed; <see cref="ScheduleBeforeJson"/> empty: the job did not exist (the undo deletes it).</summary>
public sealed record UndoCompanionChange(string FunctionId, string? ServiceName, IReadOnlyList<string>? InvokerBefore, string? ScheduleJobName, string? ScheduleBeforeJson)
{
    public override string ToString() =>
        string.Join(", ", new[]
        {
            InvokerBefore is null ? null : $"{FunctionId} invoker back to [{string.Join(", ", InvokerBefore)}]",
            ScheduleJobName is null ? null : ScheduleBeforeJson is { Length: > 0 } ? $"{FunctionId} schedule job restored" : $"{FunctionId} schedule job deleted (it did not exist before)",
        }.Where(s => s is not null));
}
