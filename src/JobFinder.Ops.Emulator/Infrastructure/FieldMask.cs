using System.Text;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary><c>updateMask</c> handling: comma-separated paths in camelCase or snake_case (both are sent in
/// practice: firebase-tools camelCase, gcloud snake_case), applied to a JSON resource.</summary>
public sealed class FieldMask
{
    private FieldMask(IReadOnlyList<string> paths) => Paths = paths;

    /// <summary>Normalized camelCase paths.</summary>
    public IReadOnlyList<string> Paths { get; }

    public bool IsEmpty => Paths.Count == 0;

    public static FieldMask Parse(string? mask)
    {
        var paths = (mask ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join('.', p.Split('.').Select(ToCamelCase)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new FieldMask(paths);
    }

    public static string ToCamelCase(string segment)
    {
        if (!segment.Contains('_'))
        {
            return segment;
        }

        var builder = new StringBuilder(segment.Length);
        var upper = false;
        foreach (var c in segment)
        {
            if (c == '_')
            {
                upper = builder.Length > 0;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="path"/> or one of its parents/children is in the mask.</summary>
    public bool Touches(string path) => Paths.Any(p =>
        p == path || p.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>Copies each masked path from <paramref name="source"/> into <paramref name="target"/>; a path
    /// missing in the source is cleared in the target. Paths in <paramref name="ignored"/> (e.g. <c>name</c>)
    /// are tolerated and skipped; paths not in <paramref name="allowedRoots"/> (when given) → 400.</summary>
    public void Apply(JsonObject target, JsonObject source, IReadOnlyCollection<string>? ignored = null, IReadOnlyCollection<string>? allowedRoots = null)
    {
        foreach (var path in Paths)
        {
            var root = path.Split('.')[0];
            if (ignored?.Contains(root) == true || ignored?.Contains(path) == true)
            {
                continue;
            }

            if (allowedRoots is not null && !allowedRoots.Contains(root))
            {
                throw GoogleErrors.InvalidArgument($"Invalid field mask path: \"{path}\".", [("update_mask", $"Unknown field: {path}")]);
            }

            var value = Get(source, path);
            Set(target, path, value?.DeepClone());
        }
    }

    public static JsonNode? Get(JsonObject obj, string path)
    {
        JsonNode? current = obj;
        foreach (var segment in path.Split('.'))
        {
            current = current is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static void Set(JsonObject obj, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        var current = obj;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (current[segments[i]] is not JsonObject child)
            {
                if (value is null)
                {
                    return;
                }

                child = [];
                current[segments[i]] = child;
            }

            current = child;
        }

        if (value is null)
        {
            current.Remove(segments[^1]);
        }
        else
        {
            current[segments[^1]] = value;
        }
    }
}
