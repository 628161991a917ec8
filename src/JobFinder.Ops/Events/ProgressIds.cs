namespace JobFinder.Ops.Events;

/// <summary>
/// The progress-bar ids of the module, in one place. PowerShell keys a progress bar by its activity id:
/// two activities that share an id overwrite each other's bar, and a child bar names its parent by id.
/// Each long activity has a named constant here; nobody picks a number of their own.
/// <para>Per-operation bars (one for each long-running Google operation being polled) take
/// <see cref="ForOperation"/>: a stable id derived from the operation's name, in a range
/// (<see cref="OperationBase"/> and up, to 2^30 + 999) that the fixed ids below it do not reach
/// in practice and that is never 0 or negative.</para>
/// </summary>
public static class ProgressIds
{
    /// <summary>Invoke-JobFinderDeployment: the deployment as a whole (planning, functions, traffic).</summary>
    public const int Deployment = 6100;

    /// <summary>The bake between traffic steps; a child of <see cref="Deployment"/>.</summary>
    public const int DeploymentBake = 6101;

    /// <summary>Undo-JobFinderDeployment (and automatic rollback): the undo of one deployment.</summary>
    public const int Undo = 6200;

    /// <summary>Test-JobFinderRollback -Rehearse: the rehearsal's phases.</summary>
    public const int RollbackRehearsal = 6300;

    /// <summary>Watch-JobFinderDeployment: one bar updated on every poll.</summary>
    public const int Watch = 6400;

    /// <summary>Test-JobFinderSmoke: checks finished of checks to run.</summary>
    public const int Smoke = 0x5301;

    /// <summary>The lowest id <see cref="ForOperation"/> returns.</summary>
    public const int OperationBase = 1000;

    /// <summary>The bar of one long-running operation: the same name gives the same id on every poll,
    /// so the cmdlet updates one bar per operation instead of stacking new ones.</summary>
    public static int ForOperation(string operationName)
    {
        ArgumentNullException.ThrowIfNull(operationName);
        var hash = 17;
        foreach (var c in operationName)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (hash & 0x3FFFFFFF) + OperationBase;
    }
}
