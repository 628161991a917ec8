using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Apply;
using Xunit;

namespace JobFinder.Ops.Tests.Monitoring;

/// <summary>What Set-JobFinderAlertPolicy -WhatIf prints for a change: a header and the diff, each line
/// once and within 100 columns after "What if: ", wrapped at spaces (issue 21: the diff was printed twice,
/// ~500 lines at 100 columns).</summary>
public class PlannedChangeDescriptionTests
{
    [Fact]
    public void TheDiffIsWrappedAtSpacesWithinOneHundredColumns()
    {
        var filter = "\"resource.type = \\\"cloud_run_revision\\\" AND metric.type = \\\"run.googleapis.com/request_count\\\" AND metric.labels.response_code_class = \\\"5xx\\\"\"";
        var diff = new[] { $"~ conditions[0].conditionThreshold.filter: {filter} -> \"x\"", "~ conditions[0].conditionThreshold.thresholdValue: 0.9 -> 0.95" };
        var change = new PlannedChangeFactory(MonitoringChangeKind.Policy, "alert policy", "jobfinder-staging")
            .Create("Memory Exceeded", MonitoringChangeAction.Update, "projects/jobfinder-staging/alertPolicies/829389868252466232", diff, ["conditions"], null);

        var lines = change.Description().Split(Environment.NewLine);

        Assert.True(("What if: " + lines[0]).Length <= 100, lines[0]);
        Assert.All(lines, l => Assert.True(l.Length <= 100, l));
        Assert.Equal("Update conditions of alert policy 'Memory Exceeded'", lines[0]);
        Assert.Equal("(projects/jobfinder-staging/alertPolicies/829389868252466232):", lines[1].Trim());
        var body = string.Join(" ", lines.Skip(2).Select(l => l.Trim()));
        Assert.Equal(string.Join(" ", diff), body);
        Assert.Single(lines, l => l.Contains("thresholdValue", StringComparison.Ordinal));
    }
}
