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

        return FrontendConfigChecker.Check(entries, envFilePath, projectId, deployed);
    }
}
