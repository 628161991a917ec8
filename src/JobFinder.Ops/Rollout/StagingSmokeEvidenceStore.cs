using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>The smoke runs the staging gate can find by itself: Test-JobFinderSmoke records each full run
/// (the settings' checks against the live URLs) of a project as
/// <c>&lt;repository&gt;/.jobfinder/smoke/&lt;projectId&gt;.json</c>, next to the deployment journal, with
/// the archive hash every live function carried. Only the latest run of a project is kept: a failing run
/// after a passing one withdraws the evidence, as it should.</summary>
public sealed class StagingSmokeEvidenceStore(string projectRoot)
{
    public const string LocalFolder = ".jobfinder/smoke";

    public string LocalDirectory { get; } = Path.Combine(projectRoot, LocalFolder.Replace('/', Path.DirectorySeparatorChar));

    public string PathOf(string projectId) => Path.Combine(LocalDirectory, projectId + ".json");

    /// <summary>Records <paramref name="report"/> with the archive labels of the project's live functions,
    /// read now (one list call): the same source deployed again to staging carries the same labels.</summary>
    public async Task<StagingSmokeEvidence> RecordAsync(GoogleRestClient client, SmokeReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(report);
        var archives = await DeploymentGates.LiveArchivesAsync(client, report.ProjectId, cancellationToken).ConfigureAwait(false);
        var evidence = new StagingSmokeEvidence(report.ProjectId, report.Passed, report.StartTime, report.Summary)
        {
            Archives = archives,
            Environment = report.Environment,
        };
        Directory.CreateDirectory(LocalDirectory);
        var path = PathOf(report.ProjectId);
        var temp = path + ".tmp-" + Environment.ProcessId;
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(evidence, RolloutJsonContext.Default.StagingSmokeEvidence), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        client.Events.Verbose($"Recorded the smoke run of {report.ProjectId} ({(report.Passed ? "passed" : "failed")}) as staging evidence in {path}.");
        return evidence;
    }

    /// <summary>The latest recorded run of every project but <paramref name="exceptProjectId"/>; an
    /// unreadable file is skipped (it is evidence of nothing).</summary>
    public IReadOnlyList<StagingSmokeEvidence> ReadOthers(string exceptProjectId)
    {
        if (!Directory.Exists(LocalDirectory))
        {
            return [];
        }

        var found = new List<StagingSmokeEvidence>();
        foreach (var file in Directory.EnumerateFiles(LocalDirectory, "*.json"))
        {
            if (string.Equals(Path.GetFileNameWithoutExtension(file), exceptProjectId, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(File.ReadAllBytes(file), RolloutJsonContext.Default.StagingSmokeEvidence) is { } evidence)
                {
                    found.Add(evidence);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                continue;
            }
        }

        return found;
    }
}
