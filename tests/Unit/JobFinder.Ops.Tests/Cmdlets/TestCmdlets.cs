using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;

namespace JobFinder.Ops.Tests.Cmdlets;

// Small cmdlets that exercise JobFinderCmdlet's behaviour in isolation: each does one thing the
// real cmdlets depend on (long engine work, events from worker threads, errors, -Force).

[Cmdlet("Wait", "TestEngineWork")]
public sealed class WaitTestEngineWorkCommand : JobFinderCmdlet
{
    [Parameter] public int Seconds { get; set; } = 60;

    protected override void ProcessRecordCore()
    {
        var result = RunEngine(async (events, token) =>
        {
            events.Verbose("starting long engine work");
            await Task.Delay(TimeSpan.FromSeconds(Seconds), token);
            return "finished";
        });
        WriteObject(result);
    }
}

[Cmdlet("Write", "TestEngineEvents")]
public sealed class WriteTestEngineEventsCommand : JobFinderCmdlet
{
    protected override void ProcessRecordCore()
    {
        var threadIds = RunEngine(async (events, token) =>
        {
            var tasks = Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            {
                events.Verbose($"verbose {i}");
                events.Warning($"warning {i}");
                events.Debug($"debug {i}");
                events.Progress(new ProgressInfo(1, "Testing", $"step {i}", i * 25));
                return Environment.CurrentManagedThreadId;
            }, token));
            var ids = await Task.WhenAll(tasks);
            events.Progress(new ProgressInfo(1, "Testing", "done", 100, Completed: true));
            return ids;
        });
        WriteObject(threadIds.Length);
    }
}

[Cmdlet("Invoke", "TestEngineFailure")]
public sealed class InvokeTestEngineFailureCommand : JobFinderCmdlet
{
    [Parameter] public string Kind { get; set; } = "JobFinder";

    protected override void ProcessRecordCore()
    {
        RunEngine(async (events, token) =>
        {
            await Task.Yield();
            throw Kind switch
            {
                "JobFinder" => new JobFinderException("TestThingNotFound", ErrorKind.ObjectNotFound, "The test thing is missing.", "thing-1"),
                "Timeout" => new TimeoutException("took too long"),
                "Http" => new HttpRequestException("connection refused"),
                _ => new InvalidOperationException("unexpected"),
            };
        });
    }
}

[Cmdlet("Set", "TestThing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class SetTestThingCommand : JobFinderCmdlet
{
    [Parameter] public SwitchParameter Force { get; set; }

    public static int Changes;

    /// <summary>Asks with ShouldContinue (which -Confirm:$false does not answer) instead.</summary>
    [Parameter] public SwitchParameter AskToContinue { get; set; }

    protected override void ProcessRecordCore()
    {
        if (AskToContinue ? ShouldContinue("Change thing-1?", "Confirm change") : ShouldProcessWithForce("thing-1", "Change", Force))
        {
            Interlocked.Increment(ref Changes);
            WriteObject("changed");
        }
    }
}
