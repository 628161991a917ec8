using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Iam;

/// <summary>The IAM policy of a Cloud Run service, through Run Admin v1 (<c>v1/projects/P/locations/L/services/S:getIamPolicy</c>
/// and <c>:setIamPolicy</c>), the API and body firebase-tools uses for invokers (src/gcp/run.ts
/// setInvokerCreate/setInvokerUpdate: bindings, etag, version 3, updateMask of the policy's fields). A
/// setIamPolicy states the whole policy, so repeating it is harmless: <see cref="RetryPolicy.IdempotentWrite"/>.</summary>
public sealed class RunInvokerApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.CloudRun, "v1")
{
    public const string InvokerRole = "roles/run.invoker";

    public Task<IamPolicy> GetAsync(string serviceName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(serviceName, ":getIamPolicy"), RetryPolicy.Read, GoogleJsonContext.Default.IamPolicy, serviceName, cancellationToken);

    public Task<IamPolicy> SetAsync(string serviceName, IamPolicy policy, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(serviceName, ":setIamPolicy"), RetryPolicy.IdempotentWrite, GoogleJsonContext.Default.IamPolicy, serviceName, cancellationToken,
            body: Json(new SetIamPolicyRequest { Policy = policy, UpdateMask = "bindings,etag,version" }, GoogleJsonContext.Default.SetIamPolicyRequest));

    /// <summary>The members holding roles/run.invoker, sorted (empty when none).</summary>
    public static IReadOnlyList<string> Invokers(IamPolicy policy) =>
        [.. (policy.Bindings ?? []).Where(b => b.Role == InvokerRole).SelectMany(b => b.Members ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Replaces the invoker binding with <paramref name="members"/> (none: the binding goes), keeping
    /// every other binding, against the etag just read (setInvokerUpdate's read-modify-write). No call when
    /// the members are already those.</summary>
    public async Task<bool> SetInvokersAsync(string serviceName, IReadOnlyList<string> members, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(serviceName, cancellationToken).ConfigureAwait(false);
        if (Invokers(current).SequenceEqual(members.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return false;
        }

        var bindings = (current.Bindings ?? []).Where(b => b.Role != InvokerRole).ToList();
        if (members.Count > 0)
        {
            bindings.Add(new IamBinding { Role = InvokerRole, Members = [.. members] });
        }

        await SetAsync(serviceName, new IamPolicy { Bindings = bindings, Etag = current.Etag ?? "", Version = 3 }, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
