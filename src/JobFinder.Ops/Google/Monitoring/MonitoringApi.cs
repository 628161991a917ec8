using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Monitoring;

/// <summary>Cloud Monitoring v3 (<c>monitoring.googleapis.com/v3</c>) and Dashboards v1 on the same
/// host. All synchronous. Retry choices: creates of alert policies, channels and dashboards get
/// server-assigned ids, so a blind repeat could duplicate them: <see cref="RetryPolicy.NonIdempotentWrite"/>.
/// Services and SLOs are created with our ids (a repeat answers ALREADY_EXISTS) and every PATCH/DELETE
/// states an end result: <see cref="RetryPolicy.IdempotentWrite"/>. Google asks callers to serialize
/// alert-policy writes per project; the caller does, this class does not add concurrency.</summary>
public sealed class MonitoringApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.Monitoring, "v3")
{
    private const string DashboardsVersion = "v1";

    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    // ---- alert policies ----
    public Task<AlertPolicy> CreateAlertPolicyAsync(string project, AlertPolicy policy, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{project}", "/alertPolicies"), RetryPolicy.NonIdempotentWrite, Types.AlertPolicy, policy.DisplayName ?? $"projects/{project}", cancellationToken,
            body: Json(policy with { Name = null }, Types.AlertPolicy));

    public IAsyncEnumerable<AlertPolicy> ListAlertPoliciesAsync(string project, string? filter = null, string? orderBy = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/alertPolicies"), RetryPolicy.Read, Types.ListAlertPoliciesResponse, $"projects/{project}", ct,
                new QueryBuilder().Add("filter", filter).Add("orderBy", orderBy).Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.AlertPolicies,
            page => page.NextPageToken,
            cancellationToken);

    public Task<AlertPolicy> GetAlertPolicyAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, Types.AlertPolicy, name, cancellationToken);

    /// <summary>With a mask only those fields change; without one the policy is replaced (same id).</summary>
    public Task<AlertPolicy> PatchAlertPolicyAsync(AlertPolicy policy, IEnumerable<string>? updateMask = null, CancellationToken cancellationToken = default)
    {
        var name = policy.Name ?? throw new ArgumentException("The alert policy has no name.", nameof(policy));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, Types.AlertPolicy, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(policy, Types.AlertPolicy));
    }

    public Task DeleteAlertPolicyAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(name), RetryPolicy.IdempotentWrite, EmptyType, name, cancellationToken);

    // ---- notification channels ----
    public IAsyncEnumerable<NotificationChannel> ListNotificationChannelsAsync(string project, string? filter = null, string? orderBy = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/notificationChannels"), RetryPolicy.Read, Types.ListNotificationChannelsResponse, $"projects/{project}", ct,
                new QueryBuilder().Add("filter", filter).Add("orderBy", orderBy).Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.NotificationChannels,
            page => page.NextPageToken,
            cancellationToken);

    public Task<NotificationChannel> GetNotificationChannelAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, Types.NotificationChannel, name, cancellationToken);

    public Task<NotificationChannel> CreateNotificationChannelAsync(string project, NotificationChannel channel, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{project}", "/notificationChannels"), RetryPolicy.NonIdempotentWrite, Types.NotificationChannel, channel.DisplayName ?? $"projects/{project}", cancellationToken,
            body: Json(channel with { Name = null }, Types.NotificationChannel));

    public Task<NotificationChannel> PatchNotificationChannelAsync(NotificationChannel channel, IEnumerable<string>? updateMask = null, CancellationToken cancellationToken = default)
    {
        var name = channel.Name ?? throw new ArgumentException("The channel has no name.", nameof(channel));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, Types.NotificationChannel, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(channel, Types.NotificationChannel));
    }

    public Task DeleteNotificationChannelAsync(string name, bool force = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(name), RetryPolicy.IdempotentWrite, EmptyType, name, cancellationToken, new QueryBuilder().Add("force", force));

    // ---- time series ----

    /// <summary><c>timeSeries.list</c> with every aggregation parameter, following pages.</summary>
    public IAsyncEnumerable<TimeSeries> ListTimeSeriesAsync(string project, TimeSeriesQuery query, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => ListTimeSeriesPageAsync(project, query, token, ct),
            page => page.TimeSeries,
            page => page.NextPageToken,
            cancellationToken);

    public Task<ListTimeSeriesResponse> ListTimeSeriesPageAsync(string project, TimeSeriesQuery query, string? pageToken, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryBuilder()
            .Add("filter", query.Filter)
            .Add("interval.startTime", query.StartTime is { } start ? GoogleTimestampConverter.Format(start) : null)
            .Add("interval.endTime", GoogleTimestampConverter.Format(query.EndTime));
        AddAggregation(parameters, "aggregation", query.Aggregation);
        AddAggregation(parameters, "secondaryAggregation", query.SecondaryAggregation);
        parameters.Add("orderBy", query.OrderBy)
            .Add("view", query.View is { } view ? GoogleEnumConverter<TimeSeriesView>.ToWire(view) : null)
            .Add("pageSize", query.PageSize)
            .Add("pageToken", pageToken);
        return SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/timeSeries"), RetryPolicy.Read, Types.ListTimeSeriesResponse, query.Filter, cancellationToken, parameters);
    }

    // ---- services and SLOs ----
    public IAsyncEnumerable<MonitoredService> ListServicesAsync(string project, string? filter = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/services"), RetryPolicy.Read, Types.ListMonitoredServicesResponse, $"projects/{project}", ct,
                new QueryBuilder().Add("filter", filter).Add("pageToken", token)),
            page => page.Services,
            page => page.NextPageToken,
            cancellationToken);

    public Task<MonitoredService> GetServiceAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, Types.MonitoredService, name, cancellationToken);

    public Task<MonitoredService> CreateServiceAsync(string project, string serviceId, MonitoredService service, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{project}", "/services"), RetryPolicy.IdempotentWrite, Types.MonitoredService, $"projects/{project}/services/{serviceId}", cancellationToken,
            new QueryBuilder().Add("serviceId", serviceId), Json(service with { Name = null }, Types.MonitoredService));

    public Task<MonitoredService> PatchServiceAsync(MonitoredService service, IEnumerable<string>? updateMask = null, CancellationToken cancellationToken = default)
    {
        var name = service.Name ?? throw new ArgumentException("The service has no name.", nameof(service));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, Types.MonitoredService, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(service, Types.MonitoredService));
    }

    public Task DeleteServiceAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(name), RetryPolicy.IdempotentWrite, EmptyType, name, cancellationToken);

    public IAsyncEnumerable<ServiceLevelObjective> ListServiceLevelObjectivesAsync(string serviceName, string? filter = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(serviceName, "/serviceLevelObjectives"), RetryPolicy.Read, Types.ListServiceLevelObjectivesResponse, serviceName, ct,
                new QueryBuilder().Add("filter", filter).Add("pageToken", token)),
            page => page.ServiceLevelObjectives,
            page => page.NextPageToken,
            cancellationToken);

    public Task<ServiceLevelObjective> GetServiceLevelObjectiveAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, Types.ServiceLevelObjective, name, cancellationToken);

    public Task<ServiceLevelObjective> CreateServiceLevelObjectiveAsync(string serviceName, string objectiveId, ServiceLevelObjective objective, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(serviceName, "/serviceLevelObjectives"), RetryPolicy.IdempotentWrite, Types.ServiceLevelObjective, $"{serviceName}/serviceLevelObjectives/{objectiveId}", cancellationToken,
            new QueryBuilder().Add("serviceLevelObjectiveId", objectiveId), Json(objective with { Name = null }, Types.ServiceLevelObjective));

    public Task<ServiceLevelObjective> PatchServiceLevelObjectiveAsync(ServiceLevelObjective objective, IEnumerable<string>? updateMask = null, CancellationToken cancellationToken = default)
    {
        var name = objective.Name ?? throw new ArgumentException("The objective has no name.", nameof(objective));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, Types.ServiceLevelObjective, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(objective, Types.ServiceLevelObjective));
    }

    public Task DeleteServiceLevelObjectiveAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(name), RetryPolicy.IdempotentWrite, EmptyType, name, cancellationToken);

    // ---- dashboards (v1) ----
    public IAsyncEnumerable<Dashboard> ListDashboardsAsync(string project, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, DashboardPath($"projects/{project}/dashboards"), RetryPolicy.Read, Types.ListDashboardsResponse, $"projects/{project}", ct,
                new QueryBuilder().Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.Dashboards,
            page => page.NextPageToken,
            cancellationToken);

    public Task<Dashboard> GetDashboardAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, DashboardPath(name), RetryPolicy.Read, Types.Dashboard, name, cancellationToken);

    public Task<Dashboard> CreateDashboardAsync(string project, Dashboard dashboard, bool validateOnly = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, DashboardPath($"projects/{project}/dashboards"), RetryPolicy.NonIdempotentWrite, Types.Dashboard, dashboard.DisplayName ?? $"projects/{project}", cancellationToken,
            new QueryBuilder().Add("validateOnly", validateOnly), Json(dashboard, Types.Dashboard));

    /// <summary>Replaces the dashboard; include the etag from GET to fail on a concurrent edit.</summary>
    public Task<Dashboard> PatchDashboardAsync(Dashboard dashboard, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        var name = dashboard.Name ?? throw new ArgumentException("The dashboard has no name.", nameof(dashboard));
        return SendAsync(HttpMethod.Patch, DashboardPath(name), RetryPolicy.IdempotentWrite, Types.Dashboard, name, cancellationToken,
            new QueryBuilder().Add("validateOnly", validateOnly), Json(dashboard, Types.Dashboard));
    }

    public Task DeleteDashboardAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, DashboardPath(name), RetryPolicy.IdempotentWrite, EmptyType, name, cancellationToken);

    private static string DashboardPath(string name) => $"{DashboardsVersion}/{GooglePath.Reserved(name)}";

    private static void AddAggregation(QueryBuilder parameters, string prefix, Aggregation? aggregation)
    {
        if (aggregation is null)
        {
            return;
        }

        parameters
            .Add(prefix + ".alignmentPeriod", aggregation.AlignmentPeriod is { } period ? GoogleDurationConverter.Format(period) : null)
            .Add(prefix + ".perSeriesAligner", aggregation.PerSeriesAligner is { } aligner ? GoogleEnumConverter<Aligner>.ToWire(aligner) : null)
            .Add(prefix + ".crossSeriesReducer", aggregation.CrossSeriesReducer is { } reducer ? GoogleEnumConverter<Reducer>.ToWire(reducer) : null)
            .AddEach(prefix + ".groupByFields", aggregation.GroupByFields);
    }
}
