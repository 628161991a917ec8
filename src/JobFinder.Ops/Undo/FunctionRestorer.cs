using JobFinder.Ops.Backup;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Undo;

/// <summary>Recreates a function the deployment deleted, from the backup's function config artifact
/// (the real configuration, environment values included; the journal only has a redacted copy). The
/// output-only fields are dropped and the function is created with its recorded source, so Cloud
/// Functions builds it again and it serves 100% on its new revision.</summary>
internal sealed class FunctionRestorer(GoogleRestClient client)
{
    private readonly CloudFunctionsApi _functions = new(client);
    private readonly BackupService _backups = new(client);

    public async Task<FunctionDeploymentRecord> RecreateAsync(UndoFunctionChange change, BackupManifest backup, CancellationToken cancellationToken)
    {
        var name = FunctionName.Parse(change.FunctionName);
        var saved = await _backups.ReadFunctionConfigAsync(backup, change.FunctionId, cancellationToken).ConfigureAwait(false);
        var body = Creatable(saved, name);
        Function created;
        try
        {
            client.Events.Verbose($"{change.FunctionId}: recreating it from backup {backup.Id}.");
            var operation = await _functions.CreateAsync(name, body, cancellationToken).ConfigureAwait(false);
            created = await _functions.WaitForFunctionAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 409)
        {
            // Created meanwhile (an earlier, interrupted undo): keep it.
            created = await _functions.GetAsync(name, cancellationToken).ConfigureAwait(false);
        }

        await RestoreInvokersAsync(client, backup, change.FunctionId, saved, created.ServiceConfig?.Service, cancellationToken).ConfigureAwait(false);
        return new FunctionDeploymentRecord
        {
            FunctionId = change.FunctionId,
            Region = change.Region,
            FunctionName = change.FunctionName,
            Action = PlannedChangeAction.Create,
            ServiceName = created.ServiceConfig?.Service,
            NewRevision = created.ServiceConfig?.Revision,
            CanaryUrl = created.ServiceConfig?.Uri ?? created.Url,
            CanaryPercent = 100,
        };
    }

    /// <summary>A recreated function gets the invoker binding the backup recorded; a backup from before
    /// bindings were recorded gives it what firebase deploy gives a new HTTPS or callable function (public),
    /// and leaves scheduled and event functions private.</summary>
    public static async Task RestoreInvokersAsync(GoogleRestClient client, BackupManifest backup, string functionId, Function saved, string? serviceName, CancellationToken cancellationToken)
    {
        if (serviceName is null)
        {
            return;
        }

        var recorded = backup.Snapshot?.Functions.FirstOrDefault(f => f.Name == functionId)?.Invokers ?? [];
        IReadOnlyList<string> members = recorded.Count > 0 ? recorded
            : saved.EventTrigger is null && saved.Labels?.GetValueOrDefault("deployment-scheduled") != "true" ? ["allUsers"]
            : [];
        if (members.Count > 0)
        {
            await new Google.Iam.RunInvokerApi(client).SetInvokersAsync(serviceName, members, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The saved resource as a create body: server-written fields removed.</summary>
    public static Function Creatable(Function saved, FunctionName name) => saved with
    {
        Name = name.ToString(),
        State = null,
        CreateTime = null,
        UpdateTime = null,
        Url = null,
        StateMessages = null,
        BuildConfig = saved.BuildConfig is null ? null : saved.BuildConfig with { Build = null },
        ServiceConfig = saved.ServiceConfig is null ? null : saved.ServiceConfig with { Service = null, Revision = null, Uri = null, AllTrafficOnLatestRevision = true },
    };
}
