using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Creates a ruleset from already-compiled source and points the release at it (PATCH, or
/// create when there is no release yet, as firebase-tools' updateOrCreateRelease does); re-points a
/// release at its recorded previous ruleset on rollback.</summary>
internal sealed class RulesReleaser(GoogleRestClient client)
{
    private readonly FirebaseRulesApi _rules = new(client);

    public async Task<RulesReleaseRecord> ReleaseAsync(RulesReleaseRecord record, RulesSource source, string projectId, CancellationToken cancellationToken)
    {
        var rulesetName = record.NewRuleset;
        if (rulesetName is null)
        {
            client.Events.Verbose($"Creating a ruleset from {record.File}.");
            var ruleset = await _rules.CreateRulesetAsync(projectId, new Ruleset { Source = source }, cancellationToken).ConfigureAwait(false);
            rulesetName = ruleset.Name!;
        }

        await PointAsync(ReleaseName.Parse(record.ReleaseName), rulesetName, cancellationToken).ConfigureAwait(false);
        return record with { NewRuleset = rulesetName, Released = true };
    }

    /// <summary>Back to the recorded ruleset. A release that did not exist before is left on the new
    /// ruleset (deleting a release would leave the service with no rules at all).</summary>
    public async Task RestoreAsync(RulesReleaseRecord record, CancellationToken cancellationToken)
    {
        if (!record.Released || record.PreviousRuleset is null)
        {
            return;
        }

        await PointAsync(ReleaseName.Parse(record.ReleaseName), record.PreviousRuleset, cancellationToken).ConfigureAwait(false);
    }

    private async Task PointAsync(ReleaseName release, string rulesetName, CancellationToken cancellationToken)
    {
        client.Events.Verbose($"Pointing release {release} at {rulesetName}.");
        try
        {
            await _rules.PatchReleaseAsync(release, rulesetName, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            await _rules.CreateReleaseAsync(release, rulesetName, cancellationToken).ConfigureAwait(false);
        }
    }
}
