using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>
/// The house base class (CONVENTIONS §10 item 4). It owns:
/// <list type="bullet">
/// <item>the CancellationTokenSource that <see cref="StopProcessing"/> (Ctrl+C) cancels;</item>
/// <item><see cref="RunEngine{T}"/>: runs async engine work off the pipeline thread and waits for it
/// on the pipeline thread while replaying engine events into Verbose/Debug/Warning/Information/Progress
/// (PowerShell allows stream writes only from the pipeline thread);</item>
/// <item>ErrorRecord helpers with stable ErrorIds;</item>
/// <item><see cref="ShouldProcessWithForce(string, string, bool)"/>: -Force skips confirmation but never -WhatIf;</item>
/// <item><see cref="ShouldProcess(string, string)"/> and <see cref="ShouldContinue(string, string)"/>:
/// a host that cannot ask (pwsh -NonInteractive, a runspace without UI) ends the cmdlet with
/// ErrorId ConfirmationRequired and the way to run unattended, instead of PowerShell's raw
/// "NonInteractive mode" exception.</item>
/// </list>
/// </summary>
public abstract class JobFinderCmdlet : PSCmdlet
{
    /// <summary>How often the waiting pipeline thread wakes to drain events and notice Ctrl+C.</summary>
    private static readonly TimeSpan s_pumpInterval = TimeSpan.FromMilliseconds(50);

    private CancellationTokenSource? _cancellation;
    private EventStreamWriter? _streams;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

    private EventStreamWriter Streams => _streams ??= new EventStreamWriter(this);

    protected override void BeginProcessing()
    {
        _cancellation ??= new CancellationTokenSource();
        base.BeginProcessing();
    }

    protected override void StopProcessing()
    {
        _cancellation?.Cancel();
        base.StopProcessing();
    }

    /// <summary>Runs <see cref="ProcessRecordCore"/>, turning the engine's known failures into
    /// terminating ErrorRecords with their stable ids. Per-item failures that should not end the
    /// cmdlet are reported by the cmdlet itself with <see cref="WriteNonTerminating"/>.</summary>
    protected sealed override void ProcessRecord() => Guard(ProcessRecordCore);

    protected sealed override void EndProcessing()
    {
        try
        {
            Guard(EndProcessingCore);
        }
        finally
        {
            _streams?.CompleteAll();
            _cancellation?.Dispose();
            _cancellation = null;
        }
    }

    /// <summary>The cmdlet's per-input work.</summary>
    protected virtual void ProcessRecordCore()
    {
    }

    /// <summary>Work after all input (cmdlets that collect pipeline input first).</summary>
    protected virtual void EndProcessingCore()
    {
    }

    private void Guard(Action body)
    {
        try
        {
            body();
        }
        catch (Exception ex) when (IsKnownFailure(ex))
        {
            ThrowTerminating(ex);
        }
    }

    private static bool IsKnownFailure(Exception ex) =>
        ex is JobFinderException or HttpRequestException or TimeoutException or IOException or UnauthorizedAccessException;

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool with this cmdlet's cancellation token and an
    /// event sink, pumping the sink into PowerShell's streams until the work ends. Exceptions are
    /// rethrown unwrapped. If the user stopped the pipeline, a cancellation ends quietly with
    /// PipelineStoppedException, which PowerShell expects.
    /// </summary>
    protected T RunEngine<T>(Func<IEngineEventSink, CancellationToken, Task<T>> work)
    {
        var sink = new CollectingEventSink();
        var token = CancellationToken;
        var task = Task.Run(() => work(sink, token), token);
        try
        {
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(s_pumpInterval))
            {
                Drain(sink);
            }

            Drain(sink);
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Stopping || token.IsCancellationRequested)
        {
            Drain(sink);
            throw new PipelineStoppedException();
        }
        finally
        {
            Streams.CompleteAll();
        }
    }

    /// <summary>As <see cref="RunEngine{T}"/> for work without a result.</summary>
    protected void RunEngine(Func<IEngineEventSink, CancellationToken, Task> work) =>
        RunEngine<bool>(async (sink, token) =>
        {
            await work(sink, token).ConfigureAwait(false);
            return true;
        });

    /// <summary>Replays the events queued so far; also used by cmdlets that stream results.</summary>
    private void Drain(CollectingEventSink sink)
    {
        while (sink.TryDequeue(out var e))
        {
            Streams.Write(e!);
        }
    }

    /// <summary>
    /// ShouldProcess that honours -Force the safe way (CONVENTIONS §10 item 6): with -Force, and no
    /// explicit -Confirm, and WhatIf not in effect (neither bound nor inherited through
    /// $WhatIfPreference), the action proceeds without a prompt; in every other case the normal
    /// ShouldProcess decides, so -Force -WhatIf still only describes the action.
    /// </summary>
    protected bool ShouldProcessWithForce(string target, string action, bool force)
    {
        if (force && !MyInvocation.BoundParameters.ContainsKey("Confirm") && !IsWhatIfInEffect())
        {
            WriteVerbose($"-Force: performing \"{action}\" on \"{target}\" without confirmation.");
            return true;
        }

        return ShouldProcess(target, action);
    }

    /// <summary>
    /// <see cref="ShouldProcessWithForce(string, string, bool)"/> for an action whose details do not fit
    /// PowerShell's one-line "Performing the operation ... on target ..." (a diff): -WhatIf prints
    /// <paramref name="description"/> as it is and -Confirm shows it before asking.
    /// </summary>
    protected bool ShouldProcessWithForce(string target, string action, string description, bool force)
    {
        if (force && !MyInvocation.BoundParameters.ContainsKey("Confirm") && !IsWhatIfInEffect())
        {
            WriteVerbose($"-Force: performing \"{action}\" on \"{target}\" without confirmation.");
            return true;
        }

        return AskOrRequireConfirmation(target, action, MyInvocation.MyCommand.Parameters.ContainsKey("Force") ? "-Confirm:$false (or -Force)" : "-Confirm:$false",
            () => base.ShouldProcess(description, $"Are you sure you want to perform this action?{Environment.NewLine}{description}", "Confirm"));
    }

    /// <summary>
    /// Cmdlet.ShouldProcess, hidden on purpose so every cmdlet of the module (and every call added
    /// later) asks through here. When confirmation is needed and the host cannot prompt, PowerShell's
    /// host throws from PromptForChoice: the console host under <c>pwsh -NonInteractive</c> a
    /// PSInvalidOperationException ("PowerShell is in NonInteractive mode. Read and Prompt
    /// functionality is not available."), a host without UI a HostException. Either reached the user
    /// as a bare InvalidOperation that named neither the command nor the fix; it becomes the
    /// terminating error ConfirmationRequired.
    /// </summary>
    protected new bool ShouldProcess(string target, string action) =>
        AskOrRequireConfirmation(target, action, MyInvocation.MyCommand.Parameters.ContainsKey("Force") ? "-Confirm:$false (or -Force)" : "-Confirm:$false",
            () => base.ShouldProcess(target, action));

    /// <summary>Cmdlet.ShouldContinue with the same treatment of a host that cannot ask as
    /// <see cref="ShouldProcess(string, string)"/>. ShouldContinue asks whatever -Confirm says, so
    /// only -Force (which callers check before asking) runs it unattended.</summary>
    protected new bool ShouldContinue(string query, string caption) =>
        AskOrRequireConfirmation(caption, query, "-Force", () => base.ShouldContinue(query, caption));

    private bool AskOrRequireConfirmation(string target, string action, string unattended, Func<bool> ask)
    {
        try
        {
            return ask();
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException)
        {
            ThrowTerminatingError(ConfirmationRequired(target, action, unattended, ex));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private ErrorRecord ConfirmationRequired(string target, string action, string unattended, Exception hostError)
    {
        var command = MyInvocation.MyCommand.Name;
        var exception = new JobFinderException("ConfirmationRequired", ErrorKind.InvalidOperation,
            $"{command} needs confirmation to \"{action}\" on \"{target}\", but this PowerShell host cannot ask ({hostError.Message.TrimEnd('.')}), so it was not done. Add {unattended} to run unattended.",
            target, hostError)
        { RecommendedAction = $"Add {unattended} to run unattended." };
        return ErrorRecordFactory.Create(exception, target);
    }

    /// <summary>Under -WhatIf, one more "What if:" line, worded by the caller: the details of the
    /// operation a ShouldProcess line named (one line per function, rule or traffic change), as
    /// <c>Set-Item -WhatIf</c> shows each item. Outside -WhatIf it does nothing: the details then
    /// go to Verbose where the caller wants them.</summary>
    protected void WriteWhatIf(string line)
    {
        if (IsWhatIfInEffect())
        {
            // The three-string overload prints "What if: <verboseDescription>" as given; it never
            // prompts under -WhatIf, so the ConfirmationRequired handling is not needed here.
            base.ShouldProcess(line, line, "What if");
        }
    }

    /// <summary>True when -WhatIf is bound (and not :$false) or $WhatIfPreference is set.</summary>
    protected bool IsWhatIfInEffect()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
        {
            return bound is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(bound);
        }

        return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }

    /// <summary>Ends the cmdlet with an ErrorRecord built from the exception (bad invocation, auth...).</summary>
    /// <summary>Reads the repository at <paramref name="folder"/> for <paramref name="environment"/> (its
    /// functions discovered from the code, with the steps on Verbose) and warns
    /// when the environment is a project id that .firebaserc does not list: allowed, as with
    /// <c>firebase deploy --project</c>, but a production command should show it was not an alias.</summary>
    protected JobFinderProject LoadProject(string folder, string? environment)
    {
        // Through RunEngine: loading runs the codebases' predeploy commands and their SDK's manifest
        // server, whose steps, times and warnings belong on Verbose/Warning, and Ctrl+C must stop them.
        var project = RunEngine((events, _) => Task.FromResult(ProjectLoader.Load(folder, environment, events)));
        if (!project.ProjectIdListed)
        {
            var aliases = project.Aliases.Count == 0 ? "none" : string.Join(", ", project.Aliases.Select(a => a.Alias));
            WriteWarning($"'{project.ProjectId}' is not an alias or project of .firebaserc (aliases: {aliases}); using it as the project id.");
        }

        return project;
    }

    protected void ThrowTerminating(Exception exception, object? target = null) =>
        ThrowTerminatingError(ErrorRecordFactory.Create(exception, target));

    /// <summary>Reports a per-item failure and lets the cmdlet go on with the next input.</summary>
    protected void WriteNonTerminating(Exception exception, object? target = null) =>
        WriteError(ErrorRecordFactory.Create(exception, target));

    /// <summary>Builds a terminating error for invalid arguments detected by the cmdlet itself.</summary>
    protected void ThrowArgumentError(string errorId, string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new JobFinderException(errorId, ErrorKind.InvalidArgument, message, target), errorId, ErrorCategory.InvalidArgument, target));
}
