using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>The CEL subset firebase-tools resolves in a build manifest (its <c>cel.ts</c>):
/// <c>{{ params.X }}</c>, comparisons of a param with a literal or another param, and ternaries
/// (<c>{{ params.PROD ? 2 : 0 }}</c>, nested on the false side or the true side). Anything else is
/// an <see cref="ParamExpressionException"/> naming the expression, as firebase-tools refuses it too.</summary>
internal static partial class ParamExpression
{
    private const string Prefix = "{{ ";
    private const string Suffix = " }}";

    public static bool IsExpression(string? value) =>
        value is not null && value.Contains("{{", StringComparison.Ordinal) && value.Contains("}}", StringComparison.Ordinal);

    /// <summary>Every <c>{{ ... }}</c> inside <paramref name="template"/> replaced by its string value.</summary>
    public static string ResolveString(string template, IReadOnlyDictionary<string, ParamValue> values)
    {
        var output = template;
        foreach (Match match in Embedded().Matches(template))
        {
            output = output.Replace(match.Value, (string)Resolve("string", match.Value, values), StringComparison.Ordinal);
        }

        return output;
    }

    public static int ResolveInt(string expression, IReadOnlyDictionary<string, ParamValue> values)
    {
        var number = (double)Resolve("number", expression, values);
        return number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new ParamExpressionException($"'{expression}' resolved to {number.ToString(CultureInfo.InvariantCulture)}, which is not a whole number.");
    }

    public static bool ResolveBoolean(string expression, IReadOnlyDictionary<string, ParamValue> values) =>
        (bool)Resolve("boolean", expression, values);

    public static IReadOnlyList<string> ResolveList(string expression, IReadOnlyDictionary<string, ParamValue> values) =>
        (IReadOnlyList<string>)Resolve("list", expression, values);

    /// <summary>The names of the params an expression reads (firebase-tools' <c>dependenciesCEL</c>).</summary>
    public static IEnumerable<string> Dependencies(string expression) =>
        Dependency().Matches(expression).Select(m => m.Groups[1].Value);

    private static object Resolve(string want, string expression, IReadOnlyDictionary<string, ParamValue> values)
    {
        if (Identity().Match(expression) is { Success: true } identity && identity.Value == expression)
        {
            return Read(want, identity.Groups[1].Value, values, expression);
        }

        if (Ternary(expression) is { } ternary)
        {
            return ResolveTernary(want, expression, ternary, values);
        }

        if (want == "boolean" && Comparison(expression) is { } comparison)
        {
            return comparison(values);
        }

        throw new ParamExpressionException($"The expression '{expression}' is of a form firebase-tools does not resolve either.");
    }

    private static object ResolveTernary(string want, string expression, (string Condition, string IfTrue, string IfFalse) parts, IReadOnlyDictionary<string, ParamValue> values)
    {
        var condition = Prefix + parts.Condition + Suffix;
        bool isTrue;
        if (Comparison(condition) is { } comparison)
        {
            isTrue = comparison(values);
        }
        else if (Identity().Match(condition) is { Success: true } identity && identity.Value == condition)
        {
            isTrue = (bool)Read("boolean", identity.Groups[1].Value, values, expression);
        }
        else
        {
            throw new ParamExpressionException($"The ternary '{expression}' tests '{parts.Condition}', a form firebase-tools does not resolve either.");
        }

        var branch = isTrue ? parts.IfTrue : parts.IfFalse;
        if (Ternary(Prefix + branch + Suffix) is { } nested)
        {
            return ResolveTernary(want, expression, nested, values);
        }

        return ParamRef().Match(branch) is { Success: true } reference
            ? Read(want, reference.Groups[1].Value, values, expression)
            : Literal(want, branch, expression);
    }

    // Splits "{{ a ? b : c }}" at the top-level " ? " and its matching " : ", skipping quoted text.
    private static (string Condition, string IfTrue, string IfFalse)? Ternary(string expression)
    {
        if (!expression.StartsWith(Prefix, StringComparison.Ordinal) || !expression.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = expression[Prefix.Length..^Suffix.Length];
        int question = -1, colon = -1, depth = 0;
        var quoted = false;
        for (var i = 0; i < body.Length && colon < 0; i++)
        {
            if (quoted && body[i] == '\\')
            {
                i++;
            }
            else if (body[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && string.CompareOrdinal(body, i, " ? ", 0, 3) == 0)
            {
                question = depth++ == 0 ? i : question;
                i += 2;
            }
            else if (!quoted && depth > 0 && string.CompareOrdinal(body, i, " : ", 0, 3) == 0)
            {
                colon = --depth == 0 ? i : colon;
                i += 2;
            }
        }

        if (question < 0)
        {
            return null;
        }

        return colon < 0
            ? throw new ParamExpressionException($"The ternary '{expression}' has no ' : ' branch.")
            : (body[..question].Trim(), body[(question + 3)..colon].Trim(), body[(colon + 3)..].Trim());
    }

    private static Func<IReadOnlyDictionary<string, ParamValue>, bool>? Comparison(string expression)
    {
        var match = ComparisonForm().Match(expression);
        if (!match.Success)
        {
            return null;
        }

        var (left, op, right) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
        return values =>
        {
            var lhs = Lookup(left, values, expression);
            var rightParam = ParamRef().Match(right) is { Success: true } r && r.Value == right ? r.Groups[1].Value : null;
            var rhs = rightParam is null ? null : Lookup(rightParam, values, expression);
            if (lhs.IsString)
            {
                return Compare(op, string.CompareOrdinal(lhs.Raw, rhs is null ? (string)Literal("string", right, expression) : Checked(rhs.IsString, rhs, expression).Raw), expression);
            }

            if (lhs.IsNumber)
            {
                return Compare(op, lhs.AsNumber().CompareTo(rhs is null ? (double)Literal("number", right, expression) : Checked(rhs.IsNumber, rhs, expression).AsNumber()), expression);
            }

            if (lhs.IsBoolean)
            {
                return Compare(op, lhs.AsBoolean().CompareTo(rhs is null ? (bool)Literal("boolean", right, expression) : Checked(rhs.IsBoolean, rhs, expression).AsBoolean()), expression);
            }

            if (op is not ("==" or "!="))
            {
                throw new ParamExpressionException($"'{expression}' compares lists with {op}; only == and != work on lists.");
            }

            var a = lhs.AsList();
            var b = rhs is null ? (IReadOnlyList<string>)Literal("list", right, expression) : Checked(rhs.IsList, rhs, expression).AsList();
            var equal = a.All(b.Contains) && b.All(a.Contains);
            return op == "==" ? equal : !equal;
        };
    }

    private static ParamValue Checked(bool ok, ParamValue value, string expression) =>
        ok ? value : throw new ParamExpressionException($"'{expression}' compares values of different types.");

    private static bool Compare(string op, int order, string expression) => op switch
    {
        "==" => order == 0,
        "!=" => order != 0,
        ">=" => order >= 0,
        "<=" => order <= 0,
        ">" => order > 0,
        "<" => order < 0,
        _ => throw new ParamExpressionException($"'{expression}' uses the unknown comparison '{op}'."),
    };

    private static ParamValue Lookup(string name, IReadOnlyDictionary<string, ParamValue> values, string expression) =>
        values.TryGetValue(name, out var value) ? value : throw new ParamExpressionException($"'{expression}' reads params.{name}, which has no value.");

    private static object Read(string want, string name, IReadOnlyDictionary<string, ParamValue> values, string expression)
    {
        var value = Lookup(name, values, expression);
        return want switch
        {
            "string" when value.IsString => value.Raw,
            "number" when value.IsNumber => value.AsNumber(),
            "boolean" when value.IsBoolean => value.AsBoolean(),
            "list" when value.IsList => value.AsList(),
            _ => throw new ParamExpressionException($"'{expression}' reads params.{name} as a {want}, which that param is not."),
        };
    }

    private static object Literal(string want, string text, string expression)
    {
        switch (want)
        {
            case "string" when text.Length >= 2 && text[0] == '"' && text[^1] == '"':
                return text[1..^1];
            case "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return number;
            case "boolean" when text is "true" or "false":
                return text == "true";
            case "list":
                try
                {
                    using var document = JsonDocument.Parse(text);
                    return document.RootElement.EnumerateArray().Select(e => e.GetString() ?? throw new InvalidOperationException()).ToArray();
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException)
                {
                    break;
                }
        }

        throw new ParamExpressionException($"In '{expression}', {text} is not a {want} literal.");
    }

    [GeneratedRegex(@"{{ .+? }}")]
    private static partial Regex Embedded();

    [GeneratedRegex(@"{{ params\.(\S+) }}")]
    private static partial Regex Identity();

    [GeneratedRegex(@"{{ params\.(\w+) }}")]
    private static partial Regex Dependency();

    [GeneratedRegex(@"^params\.(\S+)$")]
    private static partial Regex ParamRef();

    [GeneratedRegex(@"^{{ params\.(\S+) (!=|==|>=|<=|>|<) (.+) }}$")]
    private static partial Regex ComparisonForm();
}

/// <summary>A CEL expression in a manifest that cannot be resolved; the reader turns it into an
/// error naming the endpoint and field.</summary>
internal sealed class ParamExpressionException(string message) : Exception(message);
