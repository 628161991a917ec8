using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Frontend;

/// <summary>Reads the frontend's env file and the project's deployed functions (Cloud Functions v2,
/// every region) and compares them with <see cref="FrontendConfigChecker"/>.</summary>
public sealed class FrontendConfigService(GoogleRestClient client)
{
    public async Task<IReadOnlyList<FrontendConfigCheck>> CheckAsync(string envFilePath, string projectId, CancellationToken cancellationToken)
    {
        var entries = FrontendEnvFile.Read(envFilePath);
        client.Events.Verbose($"Read {entries.Count} setting(s) from {envFilePath}; listing the functions deployed in {projectId}.");
        var deployed = await ListDeployedAsync(projectId, cancellationToken).ConfigureAwait(false);
        return FrontendConfigChecker.Check(entries, envFilePath, projectId, deployed);
    }

    /// <summary>Every function of the project (all regions) with its URLs, ordered by id then region.</summary>
    public async Task<IReadOnlyList<DeployedFunctionUrl>> ListDeployedAsync(string projectId, CancellationToken cancellationToken)
    {
        var deployed = new List<DeployedFunctionUrl>();
        await foreach (var function in new CloudFunctionsApi(client).ListAsync(projectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (function.Name is null)
            {
                continue;
            }

            var name = FunctionName.Parse(function.Name);
            deployed.Add(new DeployedFunctionUrl(name.Function, name.Location, function.Url, function.ServiceConfig?.Uri));
        }

        return deployed.OrderBy(f => f.FunctionId, StringComparer.Ordinal).ThenBy(f => f.Region, StringComparer.Ordinal).ToArray();
    }

    /// <summary>What Update-JobFinderFrontendConfig would write: the env file pointed at the deployed
    /// functions and, with <paramref name="docsPath"/>, the endpoints table in that docs file (a file that
    /// does not exist yet is created with it). Writes nothing.</summary>
    public async Task<FrontendUpdatePlan> PlanUpdateAsync(string envFilePath, string? docsPath, string projectId, CancellationToken cancellationToken)
    {
        var entries = FrontendEnvFile.Read(envFilePath);
        var deployed = await ListDeployedAsync(projectId, cancellationToken).ConfigureAwait(false);
        var checks = FrontendConfigChecker.Check(entries, envFilePath, projectId, deployed);
        var env = FrontendEnvWriter.Apply(await File.ReadAllTextAsync(envFilePath, cancellationToken).ConfigureAwait(false), envFilePath, checks);
        if (docsPath is null)
        {
            return new FrontendUpdatePlan(envFilePath, env.Text, env.Changes, env.Unfixable, null, null, []);
        }

        var docsText = File.Exists(docsPath) ? await File.ReadAllTextAsync(docsPath, cancellationToken).ConfigureAwait(false) : string.Empty;
        var docs = EndpointsTable.Apply(docsText, docsPath, projectId, deployed);
        return new FrontendUpdatePlan(envFilePath, env.Text, env.Changes, env.Unfixable, docsPath, docs.Text, docs.Changes);
    }

    /// <summary>Writes a planned file: to a temporary file beside it, then moved over it, so a failure
    /// never leaves half a file.</summary>
    public static void WriteFile(string path, string text)
    {
        var temporary = path + ".jobfinder-tmp";
        File.WriteAllText(temporary, text, new System.Text.UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The new text of the env file and of the docs file, and the changes each holds.</summary>
public sealed record FrontendUpdatePlan(
    string EnvFile, string EnvText, IReadOnlyList<FrontendConfigChange> EnvChanges, IReadOnlyList<FrontendConfigCheck> Unfixable,
    string? DocsFile, string? DocsText, IReadOnlyList<FrontendConfigChange> DocsChanges);
