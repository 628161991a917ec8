using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Iam;

/// <summary>The IAM policies of resources (Cloud Functions v2 functions and Cloud Run services), keyed by
/// the resource's full name. A resource without a policy has the empty one (<c>{"etag":"ACAB"}</c>), as a
/// freshly created gen2 function and its Run service are private until someone binds an invoker
/// (https://cloud.google.com/functions/docs/securing/managing-access-iam).</summary>
public sealed class IamPolicyStore(StatePersistence persistence) : IPersistentStore
{
    private const string EmptyEtag = "ACAB";
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> policies = new(StringComparer.Ordinal);
    private long revision;

    public string Name => "iam";

    /// <summary>The policy of <paramref name="resource"/> (a copy), the empty policy when none was set.</summary>
    public JsonObject Get(string resource)
    {
        lock (gate)
        {
            return policies.TryGetValue(resource, out var policy)
                ? (JsonObject)policy.DeepClone()
                : new JsonObject { ["version"] = 1, ["etag"] = EmptyEtag };
        }
    }

    /// <summary>setIamPolicy: the fields named by <paramref name="updateMask"/> (default <c>bindings,etag</c>,
    /// as iam-v1 SetIamPolicyRequest.updateMask documents) replace the stored ones. A non-empty etag that is
    /// not the current one is a concurrent change: 409 ABORTED (iam-v1 Policy.etag: "If no etag is provided
    /// in the call to setIamPolicy, then the existing policy is overwritten blindly").</summary>
    public JsonObject Set(string resource, JsonObject policy, string? updateMask)
    {
        Validate(policy);
        JsonObject stored;
        lock (gate)
        {
            var current = policies.TryGetValue(resource, out var existing) ? existing : new JsonObject { ["version"] = 1, ["etag"] = EmptyEtag };
            var etag = policy["etag"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(etag) && etag != current["etag"]?.GetValue<string>())
            {
                throw GoogleErrors.Aborted($"There were concurrent policy changes on {resource}. Please retry the whole read-modify-write with exponential backoff.");
            }

            stored = (JsonObject)current.DeepClone();
            var mask = FieldMask.Parse(string.IsNullOrWhiteSpace(updateMask) ? "bindings,etag" : updateMask);
            foreach (var path in mask.Paths.Where(p => p != "etag"))
            {
                FieldMask.Set(stored, path, policy[path]?.DeepClone());
            }

            stored["version"] = policy["version"]?.DeepClone() ?? stored["version"]?.DeepClone() ?? 1;
            stored["etag"] = Convert.ToBase64String(BitConverter.GetBytes(++revision + DateTime.UtcNow.Ticks));
            policies[resource] = stored;
        }

        persistence.MarkDirty();
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>Whether <paramref name="member"/> (e.g. <c>allUsers</c>, <c>serviceAccount:x@y</c>) holds <paramref name="role"/>.</summary>
    public bool HasMember(string resource, string role, string member)
    {
        lock (gate)
        {
            return policies.TryGetValue(resource, out var policy)
                && (policy["bindings"] as JsonArray ?? []).OfType<JsonObject>()
                    .Any(b => b["role"]?.GetValue<string>() == role
                        && (b["members"] as JsonArray ?? []).Any(m => m?.GetValue<string>() == member));
        }
    }

    /// <summary>A deleted resource takes its policy with it; a new one of the same name starts private.</summary>
    public void Remove(string resource)
    {
        lock (gate)
        {
            policies.Remove(resource);
        }

        persistence.MarkDirty();
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return new JsonObject(policies.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.DeepClone())));
        }
    }

    public void Load(JsonNode state)
    {
        lock (gate)
        {
            policies.Clear();
            foreach (var (resource, policy) in state.AsObject())
            {
                if (policy is JsonObject p)
                {
                    policies[resource] = (JsonObject)p.DeepClone();
                }
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            policies.Clear();
        }
    }

    /// <summary>iam-v1 Binding: a role and at least one member, each member of a documented form
    /// (https://cloud.google.com/iam/docs/reference/rest/v1/Policy#binding).</summary>
    private static void Validate(JsonObject policy)
    {
        foreach (var binding in (policy["bindings"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var role = binding["role"]?.GetValue<string>();
            if (string.IsNullOrEmpty(role) || !role.StartsWith("roles/", StringComparison.Ordinal) && !role.Contains("/roles/", StringComparison.Ordinal))
            {
                throw GoogleErrors.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"Role {role} is not a valid role name."), [("policy.bindings.role", "invalid")]);
            }

            foreach (var member in (binding["members"] as JsonArray ?? []).Select(m => m?.GetValue<string>() ?? string.Empty))
            {
                if (!IsMember(member))
                {
                    throw GoogleErrors.InvalidArgument($"Invalid member: {member}. Members are allUsers, allAuthenticatedUsers, or prefixed user:, serviceAccount:, group:, domain:, principal:, principalSet:.", [("policy.bindings.members", "invalid")]);
                }
            }
        }
    }

    private static bool IsMember(string member) =>
        member is "allUsers" or "allAuthenticatedUsers"
        || new[] { "user:", "serviceAccount:", "group:", "domain:", "principal:", "principalSet:", "projectOwner:", "projectEditor:", "projectViewer:" }
            .Any(prefix => member.StartsWith(prefix, StringComparison.Ordinal) && member.Length > prefix.Length);
}
