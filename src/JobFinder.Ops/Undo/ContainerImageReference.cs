using JobFinder.Ops.Google.ArtifactRegistry;

namespace JobFinder.Ops.Undo;

/// <summary>A container image reference split into its Artifact Registry parts:
/// <c>LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/PACKAGE[:TAG][@sha256:DIGEST]</c>. Cloud Functions
/// gen2 images live in the <c>gcf-artifacts</c> repository of the function's region.</summary>
public sealed record ContainerImageReference(string Location, string Project, string Repository, string Package, string? Tag, string? Digest)
{
    private const string HostSuffix = "-docker.pkg.dev";

    /// <summary><c>projects/P/locations/L/repositories/R</c>.</summary>
    public string RepositoryName => $"projects/{Project}/locations/{Location}/repositories/{Repository}";

    /// <summary>The dockerImages resource for a digest: the package path escaped (<c>/</c> as <c>%2F</c>).</summary>
    public string DockerImageName(string digest) => $"{RepositoryName}/dockerImages/{Uri.EscapeDataString(Package)}@{digest}";

    /// <summary>The digest of the image in <paramref name="images"/> (a repository's dockerImages) that this
    /// reference's tag (default <c>latest</c>) points at; null when no image carries it.</summary>
    public string? DigestIn(IEnumerable<DockerImage>? images)
    {
        var tag = Tag ?? "latest";
        var prefix = $"{Location}-docker.pkg.dev/{Project}/{Repository}/{Package}@";
        return images?.FirstOrDefault(i => i.Uri?.StartsWith(prefix, StringComparison.Ordinal) == true && i.Tags?.Contains(tag) == true)?.Uri?[prefix.Length..];
    }

    /// <summary>The package version holding a digest (what packages.versions.delete takes).</summary>
    public string VersionName(string digest) => $"{RepositoryName}/packages/{Uri.EscapeDataString(Package)}/versions/{digest}";

    /// <summary>Null when the image is not in Artifact Registry (gcr.io, Docker Hub...).</summary>
    public static ContainerImageReference? Parse(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }

        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }

        var parts = image.Split('/');
        if (parts.Length < 4 || !parts[0].EndsWith(HostSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var path = string.Join('/', parts.Skip(3));
        string? tag = null;
        var colon = path.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
        }

        return new ContainerImageReference(parts[0][..^HostSuffix.Length], parts[1], parts[2], path, tag, digest);
    }
}
