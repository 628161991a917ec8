using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Transient HTTP faults per API label from <c>POST /_emulator/faults</c>. "*" covers every API
/// except the token endpoint and sign-in (a test that injects faults still needs credentials).</summary>
public sealed class FaultInjection
{
    private static readonly string[] ExemptFromWildcard = ["oauth2", "identitytoolkit"];
    private readonly Lock gate = new();
    private readonly Dictionary<string, FaultRule> rules = new(StringComparer.OrdinalIgnoreCase);

    public void Set(FaultRule rule)
    {
        lock (gate)
        {
            rules[rule.Api] = rule;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    public IReadOnlyList<FaultRule> Snapshot()
    {
        lock (gate)
        {
            return rules.Values.ToList();
        }
    }

    /// <summary>The fault to answer with for a call of <paramref name="api"/>, rolled against its rate; null for none.</summary>
    public GoogleApiException? Roll(string api)
    {
        FaultRule? rule;
        lock (gate)
        {
            if (!rules.TryGetValue(api, out rule) && !ExemptFromWildcard.Contains(api))
            {
                rules.TryGetValue("*", out rule);
            }
        }

        if (rule is null || rule.Codes.Count == 0 || Random.Shared.NextDouble() >= rule.Rate)
        {
            return null;
        }

        var status = rule.Codes[Random.Shared.Next(rule.Codes.Count)];
        TimeSpan? retry = rule.RetryAfterSeconds > 0 ? TimeSpan.FromSeconds(rule.RetryAfterSeconds) : null;
        return status switch
        {
            429 => GoogleErrors.ResourceExhausted("Quota exceeded (injected fault).", retry),
            503 => GoogleErrors.Unavailable("The service is currently unavailable (injected fault).", retry),
            _ => GoogleErrors.FromHttpStatus(status, $"Injected fault {status}.", retry),
        };
    }
}

public sealed record FaultRule(string Api, double Rate, IReadOnlyList<int> Codes, int RetryAfterSeconds)
{
    public JsonObject ToJson() => new()
    {
        ["api"] = Api,
        ["rate"] = Rate,
        ["codes"] = new JsonArray(Codes.Select(c => (JsonNode)c).ToArray()),
        ["retryAfterSeconds"] = RetryAfterSeconds,
    };
}

/// <summary>Applies <see cref="FaultInjection"/> to API endpoints after authentication.</summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultInjection faults)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetApiMetadata() is { } api && faults.Roll(api.Label) is { } fault)
        {
            throw fault;
        }

        return next(context);
    }
}
