using JobFinder.Ops.Events;
using JobFinder.Ops.Monitoring;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Tests.Monitoring;

/// <summary>Reads monitoring files from strings for reader and validator tests.</summary>
internal static class SpecText
{
    public static readonly MonitoringTarget Gen2Project = new("jobfinder-staging", "us-central1",
    [
        new MonitoredFunction("health", "us-central1", true),
        new MonitoredFunction("submitJob", "us-central1", true),
    ]);

    public static MonitoringSpec Read(string text, string name = "monitoring.yaml", MonitoringTarget? target = null, IEngineEventSink? events = null)
    {
        var document = name.EndsWith(".json", StringComparison.Ordinal)
            ? SpecDocumentLoader.ParseJson(name, System.Text.Encoding.UTF8.GetBytes(text))
            : SpecDocumentLoader.ParseYaml(name, text);
        return MonitoringSpecReader.Read(document, target ?? Gen2Project, events ?? NullEventSink.Instance);
    }

    /// <summary>A valid shorthand policy file; tests replace parts of it.</summary>
    public const string Valid = """
        notificationChannels:
          - name: oncall
            type: email
            labels: { email_address: oncall@example.com }
        alertPolicies:
          - displayName: High Error Rate
            combiner: OR
            conditions:
              - displayName: 5xx ratio
                threshold:
                  filter: resource.type = "cloud_run_revision" AND metric.type = "run.googleapis.com/request_count"
                  comparison: COMPARISON_GT
                  thresholdValue: 0.05
                  duration: 300s
                  aggregations:
                    - alignmentPeriod: 60s
                      perSeriesAligner: ALIGN_RATE
            notificationChannels: [oncall]
        """;
}
