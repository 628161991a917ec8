using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>List paging with opaque page tokens (base64 of the next offset), Google style: the last page
/// has no <c>nextPageToken</c>; a malformed token → 400.</summary>
public static class Paging
{
    public static (IReadOnlyList<T> Items, string? NextPageToken) Page<T>(
        IReadOnlyList<T> all, HttpRequest request, int defaultPageSize = 50, int maxPageSize = 1000)
    {
        var sizeText = request.Query["pageSize"].ToString();
        if (sizeText.Length == 0)
        {
            sizeText = request.Query["maxResults"].ToString();
        }

        var size = defaultPageSize;
        if (sizeText.Length > 0)
        {
            if (!int.TryParse(sizeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out size) || size < 0)
            {
                throw GoogleErrors.InvalidArgument($"Invalid page size: {sizeText}");
            }

            size = size == 0 ? defaultPageSize : Math.Min(size, maxPageSize);
        }

        var offset = DecodeToken(request.Query["pageToken"].ToString());
        if (offset > all.Count)
        {
            throw GoogleErrors.InvalidArgument("Invalid page token.");
        }

        var items = all.Skip(offset).Take(size).ToList();
        var next = offset + items.Count < all.Count ? EncodeToken(offset + items.Count) : null;
        return (items, next);
    }

    /// <summary>A list response <c>{field: [...], nextPageToken}</c> for one page of <paramref name="all"/>.</summary>
    public static IResult ListResult(string field, IReadOnlyList<JsonObject> all, HttpRequest request, int defaultPageSize = 50)
    {
        var (page, next) = Page(all, request, defaultPageSize);
        var body = new JsonObject { [field] = new JsonArray(page.Select(o => (JsonNode)o).ToArray()) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }

        return GoogleJson.Result(body);
    }

    public static string EncodeToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    public static int DecodeToken(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("o:", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // fall through to the error below
        }

        throw GoogleErrors.InvalidArgument("Invalid page token.");
    }
}
