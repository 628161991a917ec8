using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.ArtifactRegistry;

/// <summary>Container images in Artifact Registry: one per Run revision (<c>LOCATION-docker.pkg.dev/P/gcf-artifacts/SERVICE:REVISION</c>),
/// registered when the revision is created. Deleting one (packages.versions.delete) simulates the image
/// cleanup that breaks rollback to an old revision (firebase-tools #6759).</summary>
public sealed class ArtifactStore : IPersistentStore
{
    private readonly Lock gate = new();
    private readonly List<StoredImage> images = [];
    private readonly StatePersistence persistence;

    public ArtifactStore(RunStore run, StatePersistence persistence)
    {
        this.persistence = persistence;
        run.RevisionImageCreated += Register;
    }

    public string Name => "artifacts";

    public void Register(string project, string location, string imageWithTag, DateTimeOffset time)
    {
        var colon = imageWithTag.LastIndexOf(':');
        var repositoryPath = imageWithTag[..colon];
        var parts = repositoryPath.Split('/');
        var image = new StoredImage(project, location, parts[2], string.Join('/', parts.Skip(3)), imageWithTag[(colon + 1)..],
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(imageWithTag))), time);
        lock (gate)
        {
            images.Add(image);
        }

        persistence.MarkDirty();
    }

    public IReadOnlyList<StoredImage> List(string project, string location, string repository)
    {
        lock (gate)
        {
            return images.Where(i => i.Project == project && i.Location == location && i.Repository == repository).OrderBy(i => i.Uploaded).ToList();
        }
    }

    /// <summary>Removes the image whose package and version (digest) or tag match; false when none.</summary>
    public bool Delete(string project, string location, string repository, string package, string versionOrTag)
    {
        int removed;
        lock (gate)
        {
            removed = images.RemoveAll(i => i.Project == project && i.Location == location && i.Repository == repository &&
                                            i.Package == package && (i.Digest == versionOrTag || i.Tag == versionOrTag));
        }

        persistence.MarkDirty();
        return removed > 0;
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return JsonSerializer.SerializeToNode(images, GoogleJson.Options)!;
        }
    }

    public void Load(JsonNode state)
    {
        var loaded = state.Deserialize<List<StoredImage>>(GoogleJson.Options) ?? [];
        lock (gate)
        {
            images.Clear();
            images.AddRange(loaded);
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            images.Clear();
        }
    }
}

public sealed record StoredImage(string Project, string Location, string Repository, string Package, string Tag, string Digest, DateTimeOffset Uploaded)
{
    public string Uri => $"{Location}-docker.pkg.dev/{Project}/{Repository}/{Package}@{Digest}";

    public string Name => $"projects/{Project}/locations/{Location}/repositories/{Repository}/dockerImages/{System.Uri.EscapeDataString(Package)}@{Digest}";

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["uri"] = Uri,
        ["tags"] = new JsonArray(Tag),
        ["imageSizeBytes"] = GoogleJson.Int64(48_000_000 + (Digest[7] * 1000L)),
        ["uploadTime"] = GoogleJson.Timestamp(Uploaded),
        ["buildTime"] = GoogleJson.Timestamp(Uploaded),
        ["updateTime"] = GoogleJson.Timestamp(Uploaded),
        ["mediaType"] = "application/vnd.docker.distribution.manifest.v2+json",
    };
}
