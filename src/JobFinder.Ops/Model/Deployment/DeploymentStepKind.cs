namespace JobFinder.Ops.Model;

/// <summary>The phases a deployment journals, in the order they run.</summary>
public enum DeploymentStepKind
{
    Gates,
    Lock,
    CompileRules,
    Indexes,
    FieldOverrides,
    ReleaseRules,
    PinTraffic,
    DeployFunctions,
    SmokeCanary,
    Traffic,
    Analysis,
    Promote,
    DeleteFunctions,
    Rollback,
    Unlock,
}
