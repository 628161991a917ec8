using System.Text;

namespace JobFinder.Ops.Google.Transport;

/// <summary>URI template expansion the way Google's discovery documents use it.</summary>
public static class GooglePath
{
    /// <summary><c>{+name}</c>: reserved expansion. Slashes stay (a Rules release named
    /// <c>projects/p/releases/firebase.storage/bucket</c> is sent as is); anything that would break the
    /// URL (space, <c>?</c>, <c>#</c>, non-ASCII) is percent-encoded. Existing <c>%XX</c> triplets pass
    /// through (RFC 6570), so names Google returns already escaped (Docker image names) are not re-escaped.</summary>
    public static string Reserved(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        var bytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var c = (char)b;
            var triplet = c == '%' && i + 2 < bytes.Length && char.IsAsciiHexDigit((char)bytes[i + 1]) && char.IsAsciiHexDigit((char)bytes[i + 2]);
            if (triplet || (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~/:@!$'()*+,;=".Contains(c))))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }

        return builder.ToString();
    }

    /// <summary><c>{object}</c>: simple expansion; a slash becomes <c>%2F</c> (Storage object names).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}

/// <summary>Builds a query list, skipping unset values (Google treats absent and default alike).</summary>
public sealed class QueryBuilder
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public QueryBuilder Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _items.Add(new(name, value));
        }

        return this;
    }

    public QueryBuilder Add(string name, long? value) =>
        value is null ? this : Add(name, value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Booleans are sent only when true unless <paramref name="sendFalse"/>: most flags default false.</summary>
    public QueryBuilder Add(string name, bool? value, bool sendFalse = false) =>
        value is null || (!value.Value && !sendFalse) ? this : Add(name, value.Value ? "true" : "false");

    /// <summary>Repeated parameter (<c>aggregation.groupByFields=a&amp;aggregation.groupByFields=b</c>).</summary>
    public QueryBuilder AddEach(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(name, value);
        }

        return this;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Build() => _items.ToArray();
}
