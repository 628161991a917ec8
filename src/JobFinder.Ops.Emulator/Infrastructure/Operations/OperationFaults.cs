using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>Pending long-running-operation faults from <c>POST /_emulator/operation-faults</c>: the next
/// <c>count</c> operations of an API fail or take longer.</summary>
public sealed class OperationFaults
{
    private readonly Lock gate = new();
    private readonly List<OperationFault> faults = [];

    public void Add(OperationFault fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    public IReadOnlyList<OperationFault> Snapshot()
    {
        lock (gate)
        {
            return faults.ToList();
        }
    }

    /// <summary>Consumes one use of the first fault matching <paramref name="api"/> (or "*").</summary>
    public OperationFault? Take(string api)
    {
        lock (gate)
        {
            var fault = faults.FirstOrDefault(f => f.Api == "*" || string.Equals(f.Api, api, StringComparison.OrdinalIgnoreCase));
            if (fault is null)
            {
                return null;
            }

            fault.Remaining--;
            if (fault.Remaining <= 0)
            {
                faults.Remove(fault);
            }

            return fault;
        }
    }
}

public sealed class OperationFault
{
    public required string Api { get; init; }

    /// <summary>"fail" or "slow".</summary>
    public required string Kind { get; init; }

    public int Remaining { get; set; } = 1;

    public TimeSpan Delay { get; init; }

    public string Message { get; init; } = "Injected operation failure.";

    /// <summary>gRPC code of the failure (default 13 INTERNAL).</summary>
    public int Code { get; init; } = RpcCode.Internal.Number;

    public bool IsFailure => string.Equals(Kind, "fail", StringComparison.OrdinalIgnoreCase);

    public JsonObject ToJson() => new()
    {
        ["api"] = Api,
        ["kind"] = Kind,
        ["count"] = Remaining,
        ["delayMs"] = (long)Delay.TotalMilliseconds,
        ["message"] = Message,
        ["code"] = Code,
    };
}
