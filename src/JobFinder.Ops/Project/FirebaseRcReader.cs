using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Reads .firebaserc (<c>projects</c> aliases, <c>targets</c> per project; <c>etags</c> and other
/// keys firebase-tools writes are ignored).</summary>
internal static class FirebaseRcReader
{
    private static readonly ConfigErrorIds ErrorIds = new("FirebaseRcMalformed", "FirebaseRcInvalid", null);

    public static FirebaseRc Read(string path)
    {
        using var file = JsonConfigFile.Load(path, ErrorIds);
        var root = file.Root.RequireObject("the .firebaserc configuration");
        var aliases = new List<ProjectAlias>();
        if (root.Object("projects") is { } projects)
        {
            foreach (var alias in projects.PropertyNames)
            {
                var projectId = projects.Property(alias)?.AsString();
                if (!string.IsNullOrWhiteSpace(projectId))
                {
                    aliases.Add(new ProjectAlias(alias, projectId));
                }
            }
        }

        var targets = new List<DeployTarget>();
        if (root.Object("targets") is { } byProject)
        {
            foreach (var projectId in byProject.PropertyNames)
            {
                if (byProject.Object(projectId) is not { } kinds)
                {
                    continue;
                }

                foreach (var kind in kinds.PropertyNames)
                {
                    if (kinds.Object(kind) is not { } names)
                    {
                        continue;
                    }

                    foreach (var name in names.PropertyNames)
                    {
                        targets.Add(new DeployTarget(projectId, kind, name, names.Strings(name) ?? []));
                    }
                }
            }
        }

        return new FirebaseRc(aliases, targets);
    }
}
