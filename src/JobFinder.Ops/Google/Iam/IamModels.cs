namespace JobFinder.Ops.Google.Iam;

/// <summary>google.iam.v1.Policy (iam-v1 discovery): the bindings of a resource, with the etag that makes
/// a read-modify-write safe.</summary>
public sealed record IamPolicy
{
    public int? Version { get; init; }

    public string? Etag { get; init; }

    public List<IamBinding>? Bindings { get; init; }
}

public sealed record IamBinding
{
    public string? Role { get; init; }

    public List<string>? Members { get; init; }
}

/// <summary>google.iam.v1.SetIamPolicyRequest.</summary>
public sealed record SetIamPolicyRequest
{
    public IamPolicy? Policy { get; init; }

    public string? UpdateMask { get; init; }
}
