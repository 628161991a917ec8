using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>Every long-running operation of every API. Creating one records its due time (start + profile
/// delay, + any "slow" operation fault); when the due time has passed (background tick, or a poll) the
/// operation's <see cref="IOperationCompletion"/> runs once and the operation becomes <c>done</c>.</summary>
public sealed class OperationStore : IPersistentStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, OperationRecord> operations = new(StringComparer.Ordinal);
    private readonly HashSet<string> completing = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, IOperationCompletion>> lazyCompletions;
    private readonly OperationFaults faults;
    private readonly EmulatorContext context;
    private readonly TimeProvider time;
    private readonly Lazy<StatePersistence> persistence;
    private readonly ILogger<OperationStore> logger;

    /// <remarks>Completions and persistence are resolved lazily: completions depend on services that create
    /// operations (this store), so resolving them in the constructor would be a dependency cycle.</remarks>
    public OperationStore(
        OperationFaults faults,
        EmulatorContext context,
        TimeProvider time,
        IServiceProvider services,
        ILogger<OperationStore> logger)
    {
        lazyCompletions = new Lazy<IReadOnlyDictionary<string, IOperationCompletion>>(() =>
            services.GetServices<IOperationCompletion>().ToDictionary(c => c.Kind, StringComparer.Ordinal));
        this.faults = faults;
        this.context = context;
        this.time = time;
        this.logger = logger;
        persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
    }

    public string Name => "operations";

    private IReadOnlyDictionary<string, IOperationCompletion> Completions => lazyCompletions.Value;

    /// <summary>Starts an operation named <c>{parent}/operations/{unique id}</c> (<c>operations/{unique id}</c> for an empty parent).</summary>
    public OperationRecord Create(OperationRequest request)
    {
        if (!Completions.ContainsKey(request.CompletionKind))
        {
            throw new InvalidOperationException($"No IOperationCompletion named '{request.CompletionKind}'.");
        }

        var now = time.GetUtcNow();
        var delay = request.Delay ?? context.Timings.DefaultOperation;
        var fault = faults.Take(request.Api);
        if (fault is { IsFailure: false })
        {
            delay += fault.Delay;
        }

        var record = new OperationRecord
        {
            // Service Usage names its operations at the root ("operations/{id}", serviceusage-v1.json operations.get).
            Name = request.Parent.Length == 0 ? $"operations/{NewId(now)}" : $"{request.Parent}/operations/{NewId(now)}",
            Api = request.Api,
            StartTime = now,
            DueTime = now + delay,
            Metadata = request.Metadata,
            CompletionKind = request.CompletionKind,
            CompletionArgs = request.CompletionArgs ?? [],
            PlannedError = fault is { IsFailure: true } ? new JsonObject { ["code"] = fault.Code, ["message"] = fault.Message } : null,
        };
        lock (gate)
        {
            operations[record.Name] = record;
        }

        persistence.Value.MarkDirty();
        return record;
    }

    /// <summary>The operation's wire JSON (completing it first if due); 404 when unknown.</summary>
    public JsonObject GetJson(string name)
    {
        CompleteDue();
        lock (gate)
        {
            ReportProgress(name);
            return Find(name).ToJson();
        }
    }

    public OperationRecord? TryGet(string name)
    {
        lock (gate)
        {
            return operations.GetValueOrDefault(name);
        }
    }

    /// <summary>Operations under <paramref name="parent"/>, newest first, filtered by a Google list filter
    /// supporting <c>metadata.@type="..."</c> and <c>done=true|false</c> joined by AND.</summary>
    public IReadOnlyList<JsonObject> List(string parent, string? filter)
    {
        CompleteDue();
        var predicate = OperationFilter.Parse(filter);
        lock (gate)
        {
            return operations.Values
                .Where(o => o.Name.StartsWith(parent + "/operations/", StringComparison.Ordinal) && predicate(o))
                .OrderByDescending(o => o.StartTime)
                .Select(o => o.ToJson())
                .ToList();
        }
    }

    /// <summary>operations.cancel: a running operation ends with CANCELLED (1); a finished one is left alone.</summary>
    public void Cancel(string name)
    {
        var error = new JsonObject { ["code"] = RpcCode.Cancelled.Number, ["message"] = "Operation was cancelled." };
        OperationRecord record;
        lock (gate)
        {
            record = Find(name);
            if (record.Done || completing.Contains(name))
            {
                return;
            }

            completing.Add(name);
        }

        Finish(record, null, error);
    }

    /// <summary>Waits (polling) until the operation is done or <paramref name="timeout"/> passes.</summary>
    public async Task<JsonObject> WaitAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var json = GetJson(name);
            if (json["done"] is not null || time.GetUtcNow() >= deadline)
            {
                return json;
            }

            await Task.Delay(context.Timings.BackgroundTick, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes every operation whose due time has passed. Safe to call concurrently.</summary>
    public void CompleteDue()
    {
        var now = time.GetUtcNow();
        List<OperationRecord> due;
        lock (gate)
        {
            due = operations.Values.Where(o => !o.Done && o.DueTime <= now && !completing.Contains(o.Name)).ToList();
            foreach (var record in due)
            {
                completing.Add(record.Name);
            }
        }

        foreach (var record in due)
        {
            if (Completions[record.CompletionKind].IsReady(record))
            {
                Run(record);
                continue;
            }

            lock (gate)
            {
                completing.Remove(record.Name);
            }
        }
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return new JsonArray(operations.Values.OrderBy(o => o.StartTime).Select(o => (JsonNode)o.Save()).ToArray());
        }
    }

    public void Load(JsonNode state)
    {
        lock (gate)
        {
            operations.Clear();
            foreach (var node in state.AsArray().OfType<JsonObject>())
            {
                var record = OperationRecord.Load(node);
                operations[record.Name] = record;
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            operations.Clear();
            completing.Clear();
        }
    }

    private void Run(OperationRecord record)
    {
        var completion = Completions[record.CompletionKind];
        if (record.PlannedError is { } planned)
        {
            Finish(record, null, planned);
            return;
        }

        try
        {
            var response = completion.Complete(record);
            Finish(record, response, null);
        }
        catch (GoogleApiException ex)
        {
            Finish(record, null, ex.ToRpcStatus());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any other exception is a bug in a completion. The operation must still end, as Google's
            // would, with INTERNAL: left unfinished it stayed in 'completing' and clients polled it until
            // their own timeout.
            logger.LogError(ex, "Completing operation {Operation} failed", record.Name);
            Finish(record, null, new JsonObject { ["code"] = RpcCode.Internal.Number, ["message"] = "Internal error encountered." });
        }
    }

    private void Finish(OperationRecord record, JsonNode? response, JsonObject? error)
    {
        if (error is not null)
        {
            try
            {
                Completions[record.CompletionKind].Fail(record, error);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The operation still records its error; only the resource clean-up is lost.
                logger.LogWarning(ex, "Failure handler of operation {Operation} failed", record.Name);
            }
        }

        lock (gate)
        {
            record.Response = response;
            record.Error = error;
            record.Done = true;
            completing.Remove(record.Name);
        }

        persistence.Value.MarkDirty();
    }

    private void ReportProgress(string name)
    {
        if (!operations.TryGetValue(name, out var record) || record.Done)
        {
            return;
        }

        var total = (record.DueTime - record.StartTime).TotalMilliseconds;
        var elapsed = (time.GetUtcNow() - record.StartTime).TotalMilliseconds;
        var fraction = total <= 0 ? 1 : Math.Clamp(elapsed / total, 0, 1);
        Completions[record.CompletionKind].Progress(record, fraction);
    }

    private OperationRecord Find(string name) =>
        operations.GetValueOrDefault(name) ?? throw GoogleErrors.NotFound($"Operation \"{name}\" not found.");

    private static string NewId(DateTimeOffset now) =>
        $"operation-{now.ToUnixTimeMilliseconds()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}

/// <summary>What to start: parent (<c>projects/p/locations/l</c> or <c>projects/p/databases/d</c>), owning
/// API label, initial metadata (with <c>@type</c>), completion kind + args, and delay (default: the
/// profile's <see cref="LatencyTimings.DefaultOperation"/>).</summary>
public sealed record OperationRequest(
    string Parent,
    string Api,
    JsonObject Metadata,
    string CompletionKind,
    JsonObject? CompletionArgs = null,
    TimeSpan? Delay = null);
