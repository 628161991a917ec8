using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Creates the missing composite indexes and waits until each is READY (the new code may query
/// them as soon as it takes traffic); deletes extra ones only when <c>-PruneIndexes</c> made them deletes.</summary>
internal sealed class IndexBuilder(GoogleRestClient client)
{
    private readonly FirestoreAdminApi _firestore = new(client);

    /// <summary>Returns the created index's name. An index that appeared meanwhile (ALREADY_EXISTS, e.g.
    /// on resume) is looked up and awaited instead.</summary>
    public async Task<string?> CreateAsync(IndexWork work, CancellationToken cancellationToken)
    {
        var definition = work.Definition!;
        client.Events.Verbose($"Creating index {work.Database}/{definition.CollectionGroup} [{definition.FieldsText}].");
        try
        {
            var operation = await _firestore.CreateIndexAsync(work.Database, definition.CollectionGroup, definition.Index, cancellationToken).ConfigureAwait(false);
            var index = await _firestore.WaitForIndexAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return index.Name ?? await FindAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 409)
        {
            var name = await FindAsync(work, cancellationToken).ConfigureAwait(false);
            await WaitReadyAsync(name, cancellationToken).ConfigureAwait(false);
            return name;
        }
    }

    public async Task DeleteAsync(IndexWork work, CancellationToken cancellationToken)
    {
        client.Events.Verbose($"Deleting index {work.Change.Name} (-PruneIndexes).");
        try
        {
            await _firestore.DeleteIndexAsync(work.Change.Name!, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            // Already gone.
        }
    }

    private async Task<string?> FindAsync(IndexWork work, CancellationToken cancellationToken)
    {
        await foreach (var index in _firestore.ListIndexesAsync(work.Database, work.Definition!.CollectionGroup, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Keyed by the group the index's own name says (…/collectionGroups/{group}/indexes/{id}), not the
            // group asked for: a listing may hold another group's index with the same fields.
            if (IndexDefinition.KeyOf(CollectionGroupOf(index.Name) ?? work.Definition.CollectionGroup, index) == work.Definition.Key)
            {
                return index.Name;
            }
        }

        return null;
    }

    private static string? CollectionGroupOf(string? indexName)
    {
        var parts = indexName?.Split('/') ?? [];
        var at = Array.IndexOf(parts, "collectionGroups");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
    }

    private async Task WaitReadyAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(100);
        while ((await _firestore.GetIndexAsync(name, cancellationToken).ConfigureAwait(false)).State == IndexState.Creating)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }
}
