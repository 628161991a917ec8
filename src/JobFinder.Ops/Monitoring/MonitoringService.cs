using System.Text;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Apply;
using JobFinder.Ops.Monitoring.Export;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring;

/// <summary>Alert policies, notification channels, SLOs and a dashboard as code (issue 9). Reading and
/// validating a file makes no call; <see cref="PlanAsync"/> only reads the project; each planned change
/// is made by <see cref="ApplyAsync"/>, one call per change, so the caller can confirm each.</summary>
public sealed class MonitoringService
{
    private readonly MonitoringApi _api;
    private readonly Func<string, string?> _environment;

    public MonitoringService(GoogleRestClient client, Func<string, string?>? environment = null)
    {
        _api = new MonitoringApi(client);
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Reads and validates a monitoring file or text without calling Google: throws the first
    /// problem as a <see cref="Errors.JobFinderConfigurationException"/>; warnings go to <paramref name="events"/>.</summary>
    public static MonitoringDeclaration Load(MonitoringSource source, MonitoringTarget target, IEngineEventSink events)
    {
        var spec = Read(source, target, events);
        events.Verbose($"{source.Name}: {spec.Policies.Count} alert policies, {spec.Channels.Count} notification channels, {spec.Slos.Count} SLOs, {(spec.Dashboard is null ? "no" : "one")} dashboard.");
        return new MonitoringDeclaration(source.Name, target, spec);
    }

    /// <summary>Reads the project's live monitoring and plans the changes that make it match.</summary>
    public async Task<MonitoringPlan> PlanAsync(MonitoringDeclaration declaration, MonitoringPlanOptions options, CancellationToken cancellationToken)
    {
        var events = _api.Client.Events;
        var projectId = declaration.Target.ProjectId;
        var spec = await WithLiveServiceNamesAsync(declaration.Spec, projectId, cancellationToken).ConfigureAwait(false);

        var liveChannels = await ToListAsync(_api.ListNotificationChannelsAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var livePolicies = await ToListAsync(_api.ListAlertPoliciesAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false);
        events.Verbose($"Project {projectId}: {livePolicies.Count} alert policies, {liveChannels.Count} notification channels.");

        var knownChannels = new Dictionary<string, string>(StringComparer.Ordinal);
        var channels = new ChannelPlanner(projectId, options, _environment).Plan(spec.Channels, liveChannels, knownChannels, events);
        var slos = await new SloPlanner(_api, projectId, options).PlanAsync(spec.Slos, cancellationToken).ConfigureAwait(false);
        var policies = new PolicyPlanner(projectId, options).Plan(spec.Policies, livePolicies, knownChannels, liveChannels.Select(c => c.Name!).ToHashSet(StringComparer.Ordinal));
        var dashboards = await new DashboardPlanner(_api, projectId, options).PlanAsync(spec.Dashboard, cancellationToken).ConfigureAwait(false);

        // Creates and updates first, channels before the policies that name them; removals last, policies
        // before the channels they may still reference.
        var ordered = new[] { channels, slos, policies, dashboards }.SelectMany(c => c.Where(x => !x.IsRemoval))
            .Concat(new[] { policies, dashboards, slos, channels }.SelectMany(c => c.Where(x => x.IsRemoval)))
            .ToArray();
        return new MonitoringPlan(projectId, declaration.SourceName, ordered, knownChannels);
    }

    /// <summary>The Cloud Run service of each deployed function as Cloud Functions reports it
    /// (<c>serviceConfig.service</c>), for the SLO and dashboard filters; a function not deployed yet keeps
    /// the name Google would derive from its id.</summary>
    private async Task<MonitoringSpec> WithLiveServiceNamesAsync(MonitoringSpec spec, string projectId, CancellationToken cancellationToken)
    {
        if (spec.Slos.Count == 0 && spec.Dashboard is null)
        {
            return spec;
        }

        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var function in new Google.Functions.CloudFunctionsApi(_api.Client).ListAsync(projectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (function.Name is { } name && function.ServiceConfig?.Service is { } service)
            {
                services[name[(name.LastIndexOf('/') + 1)..]] = service[(service.LastIndexOf('/') + 1)..];
            }
        }

        string ServiceOf(string function, string derived) => services.GetValueOrDefault(function, derived);
        return spec with
        {
            Slos = [.. spec.Slos.Select(s => s with { ServiceName = ServiceOf(s.Function, s.ServiceName) })],
            Dashboard = spec.Dashboard is null ? null : spec.Dashboard with
            {
                Functions = [.. spec.Dashboard.Functions.Select(f => f with { ServiceName = ServiceOf(f.Function, f.ServiceName) })],
            },
        };
    }

    /// <summary>Makes one planned change and returns it as done.</summary>
    public async Task<MonitoringChange> ApplyAsync(MonitoringPlan plan, PlannedChange change, CancellationToken cancellationToken)
    {
        var events = _api.Client.Events;
        if (!change.IsMutation)
        {
            return change.Change;
        }

        events.Verbose($"{change.Change.Action} {change.Target}" + (change.Change.Mask.Count > 0 ? $" (updateMask={string.Join(',', change.Change.Mask)})" : ""));
        var name = await change.ExecuteAsync(_api, plan, cancellationToken).ConfigureAwait(false);
        return change.Change with { Name = name ?? change.Change.Name, Applied = true };
    }

    /// <summary>The project's alert policies, ours marked, with channel display names.</summary>
    public async Task<IReadOnlyList<AlertPolicyInfo>> GetPoliciesAsync(string projectId, CancellationToken cancellationToken)
    {
        var channels = (await ToListAsync(_api.ListNotificationChannelsAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToDictionary(c => c.Name!, c => c.DisplayName ?? c.Name!, StringComparer.Ordinal);
        var policies = await ToListAsync(_api.ListAlertPoliciesAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return policies.Select(p => AlertPolicyInfoFactory.Create(p, projectId, channels)).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Reads what Set-JobFinderAlertPolicy manages in a project (the policies <paramref name="include"/>
    /// picks, our channels, and unless <paramref name="policiesOnly"/> our SLOs and dashboard) and renders it
    /// in our format, so that applying the file (even with -Prune) changes nothing. Writes no file.</summary>
    public async Task<MonitoringExport> ExportAsync(string projectId, Func<AlertPolicy, bool> include, bool policiesOnly, CancellationToken cancellationToken)
    {
        var events = _api.Client.Events;
        var channels = await ToListAsync(_api.ListNotificationChannelsAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var policies = (await ToListAsync(_api.ListAlertPoliciesAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Where(include).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToArray();
        var slos = new List<(MonitoredService, ServiceLevelObjective)>();
        var dashboards = new List<Dashboard>();
        if (!policiesOnly)
        {
            foreach (var service in (await ToListAsync(_api.ListServicesAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Where(s => MonitoringLabels.IsManaged(s.UserLabels)).OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var objectives = await ToListAsync(_api.ListServiceLevelObjectivesAsync(service.Name!, cancellationToken: cancellationToken)).ConfigureAwait(false);
                slos.AddRange(objectives.Where(o => MonitoringLabels.IsManaged(o.UserLabels)).OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => (service, o)));
            }

            dashboards.AddRange((await ToListAsync(_api.ListDashboardsAsync(projectId, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Where(d => MonitoringLabels.IsManaged(d.Labels)).OrderBy(d => d.DisplayName, StringComparer.Ordinal));
        }

        return Export.MonitoringFileWriter.Write(new Export.LiveMonitoring(policies, channels, slos, dashboards), projectId, events);
    }

    /// <summary>Writes an export to <paramref name="path"/> (UTF-8 without BOM), creating its folder.</summary>
    public static async Task WriteExportAsync(string path, MonitoringExport export, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, export.Text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    private static MonitoringSpec Read(MonitoringSource source, MonitoringTarget target, IEngineEventSink events)
    {
        var document = source.Text is null
            ? SpecDocumentLoader.Load(source.Name)
            : source.Text.TrimStart().StartsWith('{') || source.Text.TrimStart().StartsWith('[')
                ? SpecDocumentLoader.ParseJson(source.Name, Encoding.UTF8.GetBytes(source.Text))
                : SpecDocumentLoader.ParseYaml(source.Name, source.Text);
        return MonitoringSpecReader.Read(document, target, events);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}
