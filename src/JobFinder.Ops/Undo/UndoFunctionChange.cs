namespace JobFinder.Ops.Undo;

/// <summary>A function the deployment created (the undo deletes it) or deleted (the undo recreates it
/// from the backup's function config artifact).</summary>
public sealed record UndoFunctionChange(string FunctionId, string Region, string FunctionName, bool Recreate)
{
    public override string ToString() => Recreate ? $"recreate {FunctionId} ({Region}) from the backup" : $"delete {FunctionId} ({Region}), created by the deployment";
}
