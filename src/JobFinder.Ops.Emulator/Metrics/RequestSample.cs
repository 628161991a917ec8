namespace JobFinder.Ops.Emulator.Metrics;

/// <summary>One request served by a revision: what Cloud Run's request_count / request_latencies sample.</summary>
public sealed record RequestSample(
    DateTimeOffset Time,
    string Project,
    string Location,
    string Service,
    string Revision,
    int ResponseCode,
    double LatencyMs)
{
    public string ResponseCodeClass => $"{ResponseCode / 100}xx";

    public string? Label(string key) => key switch
    {
        "resource.labels.project_id" or "resource.label.project_id" => Project,
        "resource.labels.location" or "resource.label.location" => Location,
        "resource.labels.service_name" or "resource.label.service_name" => Service,
        "resource.labels.configuration_name" or "resource.label.configuration_name" => Service,
        "resource.labels.revision_name" or "resource.label.revision_name" => Revision,
        "metric.labels.response_code" or "metric.label.response_code" => ResponseCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "metric.labels.response_code_class" or "metric.label.response_code_class" => ResponseCodeClass,
        _ => null,
    };
}
