using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Rollout;

/// <summary>The per-function moves of reference §3.4, each idempotent against live state so a resumed
/// deployment can run them again: pin traffic to the current revision, deploy the new revision at 0%
/// with the <c>canary</c> tag, create a new function, delete a removed one.</summary>
internal sealed class FunctionRollout(GoogleRestClient client, SourceUploads uploads)
{
    private readonly CloudFunctionsApi _functions = new(client);
    private readonly TrafficController _traffic = new(client);

    public TrafficController Traffic => _traffic;

    /// <summary>Step 1–2: the service, its current split (recorded before anything changes) and the
    /// revision serving it, then traffic pinned to that revision with tag <c>stable</c>.
    /// <paramref name="recordPrevious"/> journals the previous split before the PATCH.</summary>
    public async Task<FunctionDeploymentRecord> PinAsync(FunctionDeploymentRecord record, Func<FunctionDeploymentRecord, Task> recordPrevious, CancellationToken cancellationToken)
    {
        if (record.StableRevision is null)
        {
            var function = await _functions.GetAsync(FunctionName.Parse(record.FunctionName), cancellationToken).ConfigureAwait(false);
            var serviceName = function.ServiceConfig?.Service ?? throw new JobFinderDeploymentException($"Function {record.FunctionId} has no Cloud Run service; is it a gen2 function?", record.FunctionName);
            var service = await _traffic.GetAsync(serviceName, cancellationToken).ConfigureAwait(false);
            record = record with
            {
                ServiceName = serviceName,
                PreviousTraffic = TrafficController.Allocations(service),
                StableRevision = TrafficController.ServingRevision(service) ?? function.ServiceConfig?.Revision
                    ?? throw new JobFinderDeploymentException($"Cannot tell which revision of {serviceName} serves traffic.", serviceName),
            };
            await recordPrevious(record).ConfigureAwait(false);
        }

        await _traffic.SetAsync(record.ServiceName!, TrafficController.AllTo(record.StableRevision), "pin to stable before deploying", cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Step 3: PATCH the function with <c>allTrafficOnLatestRevision=false</c> (body and mask),
    /// wait for the operation, then tag the new revision <c>canary</c> at 0%. When the live function already
    /// carries this source hash (a resume after the update finished), its revision is adopted instead.</summary>
    public async Task<FunctionDeploymentRecord> UpdateAsync(FunctionDeploymentRecord record, ProjectFunction desired, SourceArchive archive, CancellationToken cancellationToken)
    {
        var name = FunctionName.Parse(record.FunctionName);
        var newRevision = record.NewRevision;
        if (newRevision is null)
        {
            var live = await _functions.GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (live.Labels?.GetValueOrDefault(SourceHasher.LabelKey) == record.SourceHash && live.State == FunctionState.Active && live.ServiceConfig?.Revision != record.StableRevision)
            {
                client.Events.Verbose($"{record.FunctionId}: already updated to {live.ServiceConfig?.Revision}; adopting it.");
                newRevision = live.ServiceConfig?.Revision;
            }
            else
            {
                var source = await uploads.GetAsync(archive, record.Region, cancellationToken).ConfigureAwait(false);
                var body = FunctionSpecBuilder.Build(desired, name.Project, name.Location, source, record.SourceHash!, DeploymentGates.ArchiveHash(archive), allTrafficOnLatest: false);
                client.Events.Verbose($"{record.FunctionId}: PATCH function (allTrafficOnLatestRevision=false) and wait for the new revision.");
                var operation = await _functions.PatchAsync(body, FunctionSpecBuilder.UpdateMask(desired), cancellationToken).ConfigureAwait(false);
                var updated = await _functions.WaitForFunctionAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
                newRevision = updated.ServiceConfig?.Revision;
            }
        }

        if (newRevision is null || newRevision == record.StableRevision)
        {
            throw new JobFinderDeploymentException($"The update of {record.FunctionId} produced no new revision.", record.FunctionName);
        }

        var service = await _traffic.SetAsync(record.ServiceName!, TrafficController.Split(record.StableRevision!, newRevision, 0), "tag the new revision canary at 0%", cancellationToken).ConfigureAwait(false);
        return record with { NewRevision = newRevision, CanaryUrl = TrafficController.TagUrl(service, TrafficController.CanaryTag), CanaryPercent = 0 };
    }

    /// <summary>A new function: no previous revision, so it is created serving 100% (nobody uses it yet)
    /// and smoke-tested on its URL. A function that already exists with this source hash (resume) is adopted.</summary>
    public async Task<FunctionDeploymentRecord> CreateAsync(FunctionDeploymentRecord record, ProjectFunction desired, SourceArchive archive, CancellationToken cancellationToken)
    {
        var name = FunctionName.Parse(record.FunctionName);
        Function created;
        try
        {
            created = await _functions.GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (created.Labels?.GetValueOrDefault(SourceHasher.LabelKey) != record.SourceHash || created.State != FunctionState.Active)
            {
                throw new JobFinderDeploymentException($"Function {record.FunctionId} appeared in {record.Region} while it was being created, with other source; deploy again to update it.", record.FunctionName);
            }
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            var source = await uploads.GetAsync(archive, record.Region, cancellationToken).ConfigureAwait(false);
            var body = FunctionSpecBuilder.Build(desired, name.Project, name.Location, source, record.SourceHash!, DeploymentGates.ArchiveHash(archive), allTrafficOnLatest: true);
            client.Events.Verbose($"{record.FunctionId}: creating the function.");
            var operation = await _functions.CreateAsync(name, body, cancellationToken).ConfigureAwait(false);
            created = await _functions.WaitForFunctionAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return record with
        {
            ServiceName = created.ServiceConfig?.Service,
            NewRevision = created.ServiceConfig?.Revision,
            CanaryUrl = created.ServiceConfig?.Uri ?? created.Url,
            CanaryPercent = 100,
        };
    }

    /// <summary>Deletes a function that left the source (after a successful rollout, with -PruneFunctions); the
    /// record keeps its previous configuration, environment values redacted.</summary>
    public async Task<FunctionDeploymentRecord> DeleteAsync(FunctionDeploymentRecord record, Function? live, CancellationToken cancellationToken)
    {
        var name = FunctionName.Parse(record.FunctionName);
        var previous = live is null ? null : RedactedConfig(live);
        try
        {
            client.Events.Verbose($"{record.FunctionId}: deleting the function (not in the source, -PruneFunctions).");
            var operation = await _functions.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            await _functions.WaitAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            // Deleted already (a resumed deployment).
        }

        return record with { Deleted = true, PreviousConfigJson = previous ?? record.PreviousConfigJson };
    }

    /// <summary>The Function JSON with every environment value (runtime and build) replaced.</summary>
    public static string RedactedConfig(Function live)
    {
        static Dictionary<string, string>? Redact(Dictionary<string, string>? values) =>
            values?.ToDictionary(kv => kv.Key, _ => ProjectFunction.RedactedValue, StringComparer.Ordinal);
        var redacted = live with
        {
            BuildConfig = live.BuildConfig is null ? null : live.BuildConfig with { EnvironmentVariables = Redact(live.BuildConfig.EnvironmentVariables) },
            ServiceConfig = live.ServiceConfig is null ? null : live.ServiceConfig with { EnvironmentVariables = Redact(live.ServiceConfig.EnvironmentVariables) },
        };
        return System.Text.Json.JsonSerializer.Serialize(redacted, Google.Json.GoogleJsonContext.Default.Function);
    }
}
