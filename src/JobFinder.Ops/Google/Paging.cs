using System.Runtime.CompilerServices;

namespace JobFinder.Ops.Google;

/// <summary>Follows <c>nextPageToken</c> until it is empty, yielding items as pages arrive.</summary>
public static class Paging
{
    public static async IAsyncEnumerable<TItem> ReadAllAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, IEnumerable<TItem>?> items,
        Func<TPage, string?> nextPageToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ReadPagesAsync(fetchPage, nextPageToken, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in items(page) ?? [])
            {
                yield return item;
            }
        }
    }

    public static async IAsyncEnumerable<TPage> ReadPagesAsync<TPage>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, string?> nextPageToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = nextPageToken(page);
        }
        while (!string.IsNullOrEmpty(token));
    }
}
