using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Readable, comparable one-line descriptions of Firestore indexes and field overrides.</summary>
internal static class FirestoreDescriptions
{
    public static LiveIndex Index(FirestoreIndex index) => new()
    {
        Name = index.Name!,
        CollectionGroup = CollectionGroupOf(index.Name!),
        QueryScope = index.QueryScope?.ToString(),
        ApiScope = (index.ApiScope ?? ApiScope.AnyApi).ToString(),
        Fields = string.Join(", ", (index.Fields ?? []).Select(Describe)),
        State = index.State?.ToString(),
    };

    public static LiveFieldOverride Field(FirestoreField field)
    {
        var name = field.Name!;
        var marker = name.IndexOf("/fields/", StringComparison.Ordinal);
        return new LiveFieldOverride
        {
            Name = name,
            CollectionGroup = CollectionGroupOf(name),
            FieldPath = marker < 0 ? name : name[(marker + "/fields/".Length)..],
            Indexes = string.Join("; ", (field.IndexConfig?.Indexes ?? []).Select(i => $"{i.QueryScope} {string.Join(", ", (i.Fields ?? []).Select(ModeOf))}")),
            TtlState = field.TtlConfig?.State,
        };
    }

    private static string Describe(IndexField field) => $"{field.FieldPath} {ModeOf(field)}";

    private static string ModeOf(IndexField field) =>
        field.Order is { } order ? order.ToString()
        : field.ArrayConfig is { } array ? array.ToString()
        : field.VectorConfig is not null ? "Vector"
        : field.SearchConfig is not null ? "Search" : "Unspecified";

    private static string CollectionGroupOf(string name)
    {
        const string Marker = "/collectionGroups/";
        var start = name.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start += Marker.Length;
        var end = name.IndexOf('/', start);
        return end < 0 ? name[start..] : name[start..end];
    }
}
