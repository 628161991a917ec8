using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;

namespace JobFinder.Ops.Portfolio;

/// <summary>The last task of the migration: the job-finder functions that used to live in the
/// portfolio project are deployed in their own project now, so the old copies go, except the ones
/// the portfolio still needs (its contact form). This service finds every function of the project
/// with the traffic it served in a window, and deletes one when asked. The decisions (keep, refuse a
/// function that still serves traffic, confirm) belong to the cmdlet.</summary>
public sealed class PortfolioCleanupService(GoogleRestClient client)
{
    private readonly CloudFunctionsApi _functions = new(client);

    /// <summary>Every function of <paramref name="project"/> (all regions), ordered by id, with the
    /// requests it served in the last <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<PortfolioFunction>> SurveyAsync(string project, TimeSpan window, CancellationToken cancellationToken, DateTimeOffset? now = null)
    {
        client.Events.Verbose($"Listing the functions of {project}.");
        var live = new List<Function>();
        await foreach (var function in _functions.ListAsync(project, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            live.Add(function);
        }

        var at = now ?? DateTimeOffset.UtcNow;
        var traffic = new FunctionTrafficReader(client);
        var gen2 = live.Any(f => !IsGen1(f)) ? await traffic.Gen2Async(project, window, at, cancellationToken).ConfigureAwait(false) : [];
        var gen1 = live.Any(IsGen1) ? await traffic.Gen1Async(project, window, at, cancellationToken).ConfigureAwait(false) : [];
        return live
            .Where(f => f.Name is not null)
            .Select(f =>
            {
                var name = FunctionName.Parse(f.Name!);
                var serviceId = f.ServiceConfig?.Service is { } service ? service[(service.LastIndexOf('/') + 1)..] : null;
                var requests = IsGen1(f)
                    ? gen1.GetValueOrDefault(name.Function)
                    : serviceId is null ? 0 : gen2.GetValueOrDefault(serviceId);
                return new PortfolioFunction(f.Name!, name.Function, name.Location, IsGen1(f), serviceId, requests);
            })
            .OrderBy(f => f.FunctionId, StringComparer.Ordinal)
            .ThenBy(f => f.Region, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Deletes the function and waits for the operation (the Cloud Run service goes with it).</summary>
    public async Task DeleteAsync(PortfolioFunction function, CancellationToken cancellationToken)
    {
        client.Events.Verbose($"Deleting {function.FunctionName}.");
        var api = new CloudFunctionsApi(client);
        var operation = await api.DeleteAsync(FunctionName.Parse(function.FunctionName), cancellationToken).ConfigureAwait(false);
        await api.WaitAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static bool IsGen1(Function function) => function.Environment == FunctionEnvironment.Gen1;
}
