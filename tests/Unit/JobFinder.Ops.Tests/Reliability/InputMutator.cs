using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Tests.Reliability;

/// <summary>Seeded mutations of configuration files for the loader fuzz tests. Two families: structural
/// ones that keep the file parseable but change its shape (a property removed, renamed, duplicated or
/// given a value of another type, a deep nest, a huge number, an odd string) — these reach the binders
/// and validators behind the parser — and textual ones (truncation, a stray token, a swapped line, an
/// indentation shift, invalid UTF-8) that reach the parser's error paths. The same seed always yields
/// the same sequence, so a failure names a reproducible mutation.</summary>
internal sealed class InputMutator(int seed)
{
    private static readonly string[] Tokens = ["{", "}", "[", "]", "\"", ",", ":", "null", "- ", "&a ", "*a", "!!binary ", "\t", "#", "'", "|", ">", "? ", "%YAML 1.1\n", "\\u0000", "\u00e9", "\ud83d\ude80"];
    private static readonly JsonNode?[] Replacements = ["", "x", 0, -1, 1.5, 1e308, long.MaxValue, true, false, null, "\u0000", new string('z', 5000), "../../etc/passwd", "${HOME}"];

    private readonly Random _random = new(seed);

    /// <summary>One to three mutations of <paramref name="text"/>; JSON texts get structural ones half of the time.</summary>
    public byte[] Mutate(string text, bool isJson)
    {
        var mutated = text;
        var edits = 1 + _random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            mutated = isJson && _random.Next(2) == 0 && TryParse(mutated) is { } node
                ? MutateStructure(node).ToJsonString()
                : MutateText(mutated, isJson);
        }

        var bytes = Encoding.UTF8.GetBytes(mutated);
        return _random.Next(40) switch
        {
            0 => [0xEF, 0xBB, 0xBF, .. bytes],                                           // BOM
            1 => [.. bytes.Take(bytes.Length / 2), 0xC3, 0x28, .. bytes.Skip(bytes.Length / 2)], // invalid UTF-8
            2 => [],                                                                   // empty file
            _ => bytes,
        };
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private JsonNode MutateStructure(JsonNode root)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        var target = containers[_random.Next(containers.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0:
                var key = obj.ElementAt(_random.Next(obj.Count)).Key;
                switch (_random.Next(5))
                {
                    case 0: obj.Remove(key); break;
                    case 1: obj[key] = Replacement(); break;
                    case 2: var value = obj[key]?.DeepClone(); obj.Remove(key); obj[key + (_random.Next(2) == 0 ? "s" : "_")] = value; break;
                    case 3: obj["unexpected" + _random.Next(100)] = Replacement(); break;
                    default: obj[key] = Nest(obj[key]?.DeepClone(), 1 + _random.Next(80)); break;
                }

                break;
            case JsonArray array when array.Count > 0:
                var index = _random.Next(array.Count);
                switch (_random.Next(4))
                {
                    case 0: array.RemoveAt(index); break;
                    case 1: array[index] = Replacement(); break;
                    case 2: array.Add(array[index]?.DeepClone()); break;
                    default: array.Clear(); break;
                }

                break;
            case JsonObject empty:
                empty["x"] = Replacement();
                break;
            case JsonArray emptyArray:
                emptyArray.Add(Replacement());
                break;
        }

        return root;
    }

    private JsonNode? Replacement()
    {
        var pick = _random.Next(Replacements.Length + 2);
        return pick switch
        {
            _ when pick == Replacements.Length => new JsonObject(),
            _ when pick == Replacements.Length + 1 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a")),
            _ => Replacements[pick]?.DeepClone(),
        };
    }

    private static JsonNode Nest(JsonNode? value, int depth)
    {
        var node = value ?? JsonValue.Create(0)!;
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node };
        }

        return node;
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is JsonObject or JsonArray)
            {
                Collect(child, into);
            }
        }
    }

    private string MutateText(string text, bool isJson)
    {
        if (text.Length == 0)
        {
            return Tokens[_random.Next(Tokens.Length)];
        }

        var at = _random.Next(text.Length);
        var lines = text.Split('\n').ToList();
        var line = _random.Next(lines.Count);
        switch (_random.Next(isJson ? 4 : 7))
        {
            case 0: return text.Remove(at, 1);
            case 1: return text.Insert(at, Tokens[_random.Next(Tokens.Length)]);
            case 2: return text[..at];
            case 3:
                var other = _random.Next(lines.Count);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                return string.Join('\n', lines);
            case 4: lines[line] = (_random.Next(2) == 0 ? "  " : "") + lines[line].TrimStart()[..Math.Min(lines[line].TrimStart().Length, _random.Next(1, 200))]; return string.Join('\n', lines);
            case 5: lines.Insert(line, lines[line]); return string.Join('\n', lines);
            default:
                // Replace a YAML value with one of another shape.
                var colon = lines[line].IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    lines.RemoveAt(line);
                }
                else
                {
                    lines[line] = lines[line][..(colon + 1)] + " " + (string)(new[] { "[1, 2]", "{a: b}", "~", "-5", "1e400", "yes", "\"unterminated", "*nope", "!!int x" })[_random.Next(9)];
                }

                return string.Join('\n', lines);
        }
    }
}
