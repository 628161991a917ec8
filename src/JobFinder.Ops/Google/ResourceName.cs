using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Google;

/// <summary>Parses Google resource names against a pattern such as
/// <c>projects/*/locations/*/functions/*</c>; a trailing <c>**</c> takes the rest, slashes included
/// (Rules release ids like <c>firebase.storage/my-bucket</c>).</summary>
public static class ResourceName
{
    public static string[] Parse(string name, string pattern)
    {
        ArgumentNullException.ThrowIfNull(name);
        var expected = pattern.Split('/');
        var actual = name.Split('/');
        var values = new List<string>();
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == "**" && i == expected.Length - 1 && actual.Length > i)
            {
                values.Add(string.Join('/', actual[i..]));
                return values.All(v => v.Length > 0) ? [.. values] : throw Invalid(name, pattern);
            }

            if (i >= actual.Length || (expected[i] == "*" ? actual[i].Length == 0 : actual[i] != expected[i]))
            {
                throw Invalid(name, pattern);
            }

            if (expected[i] == "*")
            {
                values.Add(actual[i]);
            }
        }

        return actual.Length == expected.Length ? [.. values] : throw Invalid(name, pattern);
    }

    private static JobFinderException Invalid(string name, string pattern) =>
        new("GoogleResourceNameInvalid", ErrorKind.InvalidArgument, $"'{name}' is not a resource name of the form {pattern.Replace("**", "*", StringComparison.Ordinal)}.", name);
}
