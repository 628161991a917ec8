namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>What a deployed revision does with a request, chosen by its <c>buildConfig.entryPoint</c>.
/// Found in the assembly like the APIs; an entry point without a behavior answers
/// <c>200 {"result":{"ok":true}}</c>. The runtime applies the revision's fault knobs and records metrics
/// around <see cref="HandleAsync"/>; the behavior writes the response.</summary>
public interface IFunctionBehavior
{
    /// <summary>Matched case-sensitively against <c>buildConfig.entryPoint</c>, e.g. "submitJob".</summary>
    string EntryPoint { get; }

    Task HandleAsync(FunctionInvocation invocation);
}
