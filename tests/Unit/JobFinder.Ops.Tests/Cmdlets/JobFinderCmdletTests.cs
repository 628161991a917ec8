using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace JobFinder.Ops.Tests.Cmdlets;

/// <summary>The base class's contract: Ctrl+C, streams from worker threads, ErrorIds, -Force/-WhatIf.</summary>
[Collection("SetTestThing")]
public sealed class JobFinderCmdletTests
{
    private static PowerShell CreateShell()
    {
        var state = InitialSessionState.CreateDefault2();
        foreach (var type in new[] { typeof(WaitTestEngineWorkCommand), typeof(WriteTestEngineEventsCommand), typeof(InvokeTestEngineFailureCommand), typeof(SetTestThingCommand) })
        {
            var attribute = (CmdletAttribute)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute))!;
            state.Commands.Add(new SessionStateCmdletEntry($"{attribute.VerbName}-{attribute.NounName}", type, null));
        }

        return PowerShell.Create(state);
    }

    [Fact]
    public async Task StopEndsLongEngineWorkQuickly()
    {
        using var ps = CreateShell();
        ps.AddCommand("Wait-TestEngineWork").AddParameter("Seconds", 60);
        var invocation = ps.BeginInvoke();
        await Task.Delay(300);
        var clock = Stopwatch.StartNew();
        ps.Stop();
        clock.Stop();
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(invocation));
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        // Not a timing assertion on speed: a Stop that waited for the 60 s work would not return
        // at all within the test's lifetime; this bound only proves the work was cancelled.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Stop took {clock.Elapsed}");
    }

    [Fact]
    public void EventsFromWorkerThreadsReachTheStreams()
    {
        using var ps = CreateShell();
        // $DebugPreference rather than -Debug: -Debug also turns warnings into prompts.
        ps.AddScript("$DebugPreference = 'Continue'; Write-TestEngineEvents -Verbose");
        var output = ps.Invoke();
        Assert.Equal(4, output.Single().BaseObject);
        Assert.Equal(4, ps.Streams.Warning.Count);
        Assert.Contains(ps.Streams.Verbose, v => v.Message == "verbose 3");
        Assert.Equal(4, ps.Streams.Debug.Count);
        Assert.Contains(ps.Streams.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Empty(ps.Streams.Error);
    }

    [Theory]
    [InlineData("JobFinder", "TestThingNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("Timeout", "OperationTimeoutReached", ErrorCategory.OperationTimeout)]
    [InlineData("Http", "GoogleApiConnectionFailed", ErrorCategory.ConnectionError)]
    public void EngineFailuresBecomeErrorRecordsWithStableIds(string kind, string errorId, ErrorCategory category)
    {
        using var ps = CreateShell();
        ps.AddCommand("Invoke-TestEngineFailure").AddParameter("Kind", kind);
        var ex = Assert.Throws<CmdletInvocationException>(() => ps.Invoke());
        var record = ((IContainsErrorRecord)ex).ErrorRecord;
        Assert.Equal($"{errorId},JobFinder.Ops.Tests.Cmdlets.InvokeTestEngineFailureCommand", record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
    }

    [Fact]
    public void JobFinderExceptionKeepsItsTarget()
    {
        using var ps = CreateShell();
        ps.AddCommand("Invoke-TestEngineFailure");
        var ex = Assert.Throws<CmdletInvocationException>(() => ps.Invoke());
        Assert.Equal("thing-1", ((IContainsErrorRecord)ex).ErrorRecord.TargetObject);
    }

    [Fact]
    public void ForceDoesNotOverrideWhatIf()
    {
        using var ps = CreateShell();
        var before = SetTestThingCommand.Changes;
        ps.AddCommand("Set-TestThing").AddParameter("Force").AddParameter("WhatIf");
        var output = ps.Invoke();
        Assert.Empty(output);
        Assert.Equal(before, SetTestThingCommand.Changes);
    }

    [Fact]
    public void ForceDoesNotOverrideInheritedWhatIfPreference()
    {
        using var ps = CreateShell();
        var before = SetTestThingCommand.Changes;
        ps.AddScript("$WhatIfPreference = $true; Set-TestThing -Force");
        var output = ps.Invoke();
        Assert.Empty(output);
        Assert.Equal(before, SetTestThingCommand.Changes);
    }

    [Fact]
    public void ForceSkipsTheConfirmationPrompt()
    {
        using var ps = CreateShell();
        var before = SetTestThingCommand.Changes;
        ps.AddCommand("Set-TestThing").AddParameter("Force");
        var output = ps.Invoke();
        Assert.Equal("changed", output.Single().BaseObject);
        Assert.Equal(before + 1, SetTestThingCommand.Changes);
    }

    [Theory]
    [InlineData(false, "Change\" on \"thing-1\"", "Add -Confirm:$false (or -Force) to run unattended.")]
    [InlineData(true, "Change thing-1?\" on \"Confirm change\"", "Add -Force to run unattended.")]
    public void AConfirmationNobodyCanGiveIsConfirmationRequiredAndChangesNothing(bool askToContinue, string what, string hint)
    {
        // A default host has no UI to answer the prompt: PowerShell's own error (a HostException)
        // becomes ConfirmationRequired, naming the command, the action and the way to run unattended.
        using var ps = CreateShell();
        var before = SetTestThingCommand.Changes;
        ps.AddCommand("Set-TestThing").AddParameter("AskToContinue", askToContinue);

        var error = Assert.Throws<CmdletInvocationException>(() => ps.Invoke()).ErrorRecord;

        Assert.Equal("ConfirmationRequired,JobFinder.Ops.Tests.Cmdlets.SetTestThingCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.StartsWith("Set-TestThing needs confirmation to \"" + what, error.Exception.Message, StringComparison.Ordinal);
        Assert.EndsWith(hint, error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(hint, error.ErrorDetails.RecommendedAction);
        Assert.Equal(before, SetTestThingCommand.Changes);
    }

    [Fact]
    public void ConfirmFalseProceedsWithoutForce()
    {
        using var ps = CreateShell();
        var before = SetTestThingCommand.Changes;
        ps.AddCommand("Set-TestThing").AddParameter("Confirm", false);
        ps.Invoke();
        Assert.Equal(before + 1, SetTestThingCommand.Changes);
    }
}
