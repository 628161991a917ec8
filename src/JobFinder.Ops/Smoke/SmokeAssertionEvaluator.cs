using System.Globalization;
using System.Text.Json;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Decides one <see cref="SmokeAssertion"/> against a response body. Equality is JSON equality
/// (numbers by value, so <c>1</c> equals <c>1.0</c>; strings ordinal; objects and arrays structurally);
/// <c>&gt; &lt; &gt;= &lt;=</c> compare numbers only; <c>contains</c> means substring for a string,
/// element for an array, member name for an object; <c>exists</c> is true for any present value,
/// JSON <c>null</c> included.</summary>
public static class SmokeAssertionEvaluator
{
    /// <summary>Null when the assertion holds, else why not (naming the actual value).</summary>
    public static string? Evaluate(SmokeAssertion assertion, JsonElement? body)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var path = JsonPathLite.TryParse(assertion.Path, out var pathProblem);
        if (path is null)
        {
            return pathProblem;
        }

        if (body is null)
        {
            return "the response body is not JSON";
        }

        var found = path.TrySelect(body.Value, out var actual);
        if (assertion.Operator == "exists")
        {
            return found ? null : $"{assertion.Path} is missing";
        }

        if (!found)
        {
            return assertion.Operator == "!=" ? null : $"{assertion.Path} is missing";
        }

        using var expectedDocument = JsonDocument.Parse(assertion.Expected ?? "null");
        var expected = expectedDocument.RootElement;
        return assertion.Operator switch
        {
            "==" => JsonEquals(actual, expected) ? null : $"{assertion.Path} is {Show(actual)}",
            "!=" => JsonEquals(actual, expected) ? $"{assertion.Path} is {Show(actual)}" : null,
            ">" or ">=" or "<" or "<=" => Compare(assertion, actual, expected),
            "contains" => Contains(actual, expected) ? null : $"{assertion.Path} is {Show(actual)}",
            _ => $"unknown operator '{assertion.Operator}'",
        };
    }

    /// <summary>Structural JSON equality; numbers compare as decimals (doubles beyond decimal's range).</summary>
    public static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        return a.ValueKind switch
        {
            JsonValueKind.Number => NumberEquals(a, b),
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second)),
            JsonValueKind.Object => ObjectEquals(a, b),
            _ => true, // true, false, null: the kind is the value
        };
    }

    private static string? Compare(SmokeAssertion assertion, JsonElement actual, JsonElement expected)
    {
        if (actual.ValueKind != JsonValueKind.Number)
        {
            return $"{assertion.Path} is {Show(actual)}, not a number";
        }

        if (expected.ValueKind != JsonValueKind.Number)
        {
            return $"{assertion.Expected} is not a number";
        }

        var comparison = actual.GetDouble().CompareTo(expected.GetDouble());
        var holds = assertion.Operator switch
        {
            ">" => comparison > 0,
            ">=" => comparison >= 0,
            "<" => comparison < 0,
            _ => comparison <= 0,
        };
        return holds ? null : $"{assertion.Path} is {Show(actual)}";
    }

    private static bool Contains(JsonElement actual, JsonElement expected) => actual.ValueKind switch
    {
        JsonValueKind.String => expected.ValueKind == JsonValueKind.String && actual.GetString()!.Contains(expected.GetString()!, StringComparison.Ordinal),
        JsonValueKind.Array => actual.EnumerateArray().Any(item => JsonEquals(item, expected)),
        JsonValueKind.Object => expected.ValueKind == JsonValueKind.String && actual.TryGetProperty(expected.GetString()!, out _),
        _ => false,
    };

    private static bool NumberEquals(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble().Equals(b.GetDouble());

    private static bool ObjectEquals(JsonElement a, JsonElement b)
    {
        var left = a.EnumerateObject().ToArray();
        if (left.Length != b.EnumerateObject().Count())
        {
            return false;
        }

        return left.All(p => b.TryGetProperty(p.Name, out var other) && JsonEquals(p.Value, other));
    }

    /// <summary>The actual value for a failure message, cut short so a huge array does not flood it.</summary>
    private static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 120 ? raw : string.Create(CultureInfo.InvariantCulture, $"{raw[..117]}...");
    }
}
