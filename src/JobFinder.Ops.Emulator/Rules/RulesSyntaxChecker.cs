namespace JobFinder.Ops.Emulator.Rules;

/// <summary>The result of checking one rules file: its issues and the services it declares.</summary>
internal sealed record RulesCheckResult(IReadOnlyList<RulesIssue> Issues, IReadOnlyList<string> Services)
{
    public bool HasErrors => Issues.Any(i => i.Severity == "ERROR");
}

/// <summary>A structural syntax check of Firebase Security Rules (rules_version 1 and 2): brackets and
/// strings balanced, an optional <c>rules_version = '1'|'2';</c>, exactly the statements the language
/// allows where it allows them (<c>service</c> at the top; <c>match</c>, <c>allow</c>, <c>function</c>
/// inside), <c>match</c> paths, and <c>allow</c> method lists with an optional <c>: if</c> condition.
/// Condition expressions are checked for balance only; evaluating them is out of scope.</summary>
internal sealed class RulesSyntaxChecker
{
    public static readonly IReadOnlyList<string> KnownServices = ["cloud.firestore", "firebase.storage"];

    private static readonly HashSet<string> AllowMethods = ["read", "write", "get", "list", "create", "update", "delete"];
    private static readonly Dictionary<string, string> Closers = new() { ["{"] = "}", ["("] = ")", ["["] = "]" };

    private readonly List<RulesToken> _tokens;
    private readonly List<RulesIssue> _issues;
    private readonly List<string> _services = [];
    private int _position;

    private RulesSyntaxChecker(List<RulesToken> tokens, List<RulesIssue> issues)
    {
        _tokens = tokens;
        _issues = issues;
    }

    public static RulesCheckResult Check(string fileName, string source)
    {
        var issues = new List<RulesIssue>();
        var tokens = RulesLexer.Tokenize(source, issues);
        var checker = new RulesSyntaxChecker(tokens, issues);
        if (checker.CheckBalance())
        {
            checker.ParseFile();
        }
        return new RulesCheckResult(
            issues.Select(i => i with { FileName = fileName }).OrderBy(i => i.Line).ThenBy(i => i.Column).ToList(),
            checker._services);
    }

    private RulesToken Current => _tokens[_position];

    /// <summary>Returns the current token and moves on; the End token is sticky.</summary>
    private RulesToken Advance()
    {
        var token = _tokens[_position];
        if (_position < _tokens.Count - 1)
        {
            _position++;
        }
        return token;
    }

    /// <summary>Brackets first: a missing '}' would otherwise make every later finding noise.</summary>
    private bool CheckBalance()
    {
        var stack = new Stack<RulesToken>();
        foreach (var token in _tokens.Where(t => t.Kind == RulesTokenKind.Punctuation))
        {
            if (Closers.ContainsKey(token.Text))
            {
                stack.Push(token);
            }
            else if (Closers.ContainsValue(token.Text))
            {
                if (stack.Count == 0 || Closers[stack.Peek().Text] != token.Text)
                {
                    _issues.Add(RulesIssue.Error(token, stack.Count == 0
                        ? $"Unexpected '{token.Text}': no matching opening bracket."
                        : $"Mismatched '{token.Text}': expected '{Closers[stack.Peek().Text]}' to close '{stack.Peek().Text}' at line {stack.Peek().Line}, column {stack.Peek().Column}."));
                    return false;
                }
                stack.Pop();
            }
        }
        if (stack.Count > 0)
        {
            var open = stack.Reverse().First();
            _issues.Add(RulesIssue.Error(open, $"Unbalanced '{open.Text}': missing '{Closers[open.Text]}' before the end of the file."));
            return false;
        }
        return _issues.Count == 0;
    }

    private void ParseFile()
    {
        var sawService = false;
        while (Current.Kind != RulesTokenKind.End)
        {
            if (Current.Is("rules_version"))
            {
                ParseRulesVersion();
            }
            else if (Current.Is("service"))
            {
                sawService = true;
                if (!ParseService())
                {
                    return;
                }
            }
            else
            {
                Fail(Current, $"Unexpected '{Current.Display}'. Expected 'rules_version' or 'service'.");
                return;
            }
        }
        if (!sawService)
        {
            _issues.Add(RulesIssue.Error(1, 1, 0, 0, "Missing 'service' block: expected 'service cloud.firestore { ... }' or 'service firebase.storage { ... }'."));
        }
    }

    private void ParseRulesVersion()
    {
        Advance();
        if (!Expect("="))
        {
            return;
        }
        var version = Advance();
        if (version.Kind != RulesTokenKind.String || version.Text is not ("1" or "2"))
        {
            Fail(version, $"Invalid rules_version {version.Display}: expected '1' or '2'.");
            return;
        }
        if (Current.Is(";"))
        {
            Advance();
        }
    }

    private bool ParseService()
    {
        Advance();
        var nameToken = Current;
        var name = ParseDottedName();
        if (name is null)
        {
            return false;
        }
        if (!KnownServices.Contains(name))
        {
            Fail(nameToken, $"Unknown service '{name}'. Expected 'cloud.firestore' or 'firebase.storage'.");
            return false;
        }
        _services.Add(name);
        return Expect("{") && ParseBody(allowMatchOnly: false);
    }

    /// <summary>Statements of a service or match block up to and including its closing '}'.</summary>
    private bool ParseBody(bool allowMatchOnly)
    {
        while (!Current.Is("}"))
        {
            var ok = Current.Text switch
            {
                "match" when Current.Kind == RulesTokenKind.Identifier => ParseMatch(),
                "allow" when Current.Kind == RulesTokenKind.Identifier && allowMatchOnly => ParseAllow(),
                "allow" when Current.Kind == RulesTokenKind.Identifier => Fail(Current, "'allow' is only valid inside a 'match' block."),
                "function" when Current.Kind == RulesTokenKind.Identifier => ParseFunction(),
                _ => Fail(Current, $"Unexpected '{Current.Display}'. Expected 'match', 'allow' or 'function'."),
            };
            if (!ok)
            {
                return false;
            }
        }
        Advance();
        return true;
    }

    private bool ParseMatch()
    {
        Advance();
        if (!Current.Is("/"))
        {
            return Fail(Current, $"Invalid match path at '{Current.Display}': a path starts with '/'.");
        }
        while (Current.Is("/"))
        {
            Advance();
            if (Current.Is("{"))
            {
                Advance();
                if (Current.Kind != RulesTokenKind.Identifier)
                {
                    return Fail(Current, $"Invalid path variable '{Current.Display}': expected a name.");
                }
                Advance();
                if (Current.Is("="))
                {
                    Advance();
                    if (!(Current.Is("*") && _tokens[_position + 1].Is("*")))
                    {
                        return Fail(Current, $"Invalid wildcard '{Current.Display}': expected '**'.");
                    }
                    Advance();
                    Advance();
                }
                if (!Expect("}"))
                {
                    return false;
                }
            }
            else if (Current.Is("$"))
            {
                Advance();
                if (!Current.Is("("))
                {
                    return Fail(Current, "Expected '(' after '$' in a match path.");
                }
                SkipBalanced();
            }
            else if (Current.Kind is RulesTokenKind.Identifier or RulesTokenKind.Number || Current.Is("-") || Current.Is("."))
            {
                while (Current.Kind is RulesTokenKind.Identifier or RulesTokenKind.Number || Current.Is("-") || Current.Is("."))
                {
                    Advance();
                }
            }
            else
            {
                return Fail(Current, $"Invalid match path segment '{Current.Display}'.");
            }
        }
        return Expect("{") && ParseBody(allowMatchOnly: true);
    }

    private bool ParseAllow()
    {
        Advance();
        while (true)
        {
            var method = Current;
            if (method.Kind != RulesTokenKind.Identifier || !AllowMethods.Contains(method.Text))
            {
                return Fail(method, $"Invalid method '{method.Display}' in allow statement. Expected one of: {string.Join(", ", AllowMethods)}.");
            }
            Advance();
            if (!Current.Is(","))
            {
                break;
            }
            Advance();
        }
        if (Current.Is(";"))
        {
            Advance();
            return true;
        }
        if (!Current.Is(":"))
        {
            return Fail(Current, $"Unexpected '{Current.Display}' in allow statement. Expected ':' or ';'.");
        }
        Advance();
        if (!Current.Is("if"))
        {
            return Fail(Current, $"Expected 'if' after ':' in allow statement, found '{Current.Display}'.");
        }
        Advance();
        var conditionStart = Current;
        var consumed = 0;
        while (!Current.Is(";") && !Current.Is("}") && Current.Kind != RulesTokenKind.End)
        {
            if (consumed > 0 && Current.Kind == RulesTokenKind.Identifier && Current.Text is "allow" or "match" or "function")
            {
                break;
            }
            SkipBalanced();
            consumed++;
        }
        if (consumed == 0)
        {
            return Fail(conditionStart, "Missing condition after 'if'.");
        }
        if (Current.Is(";"))
        {
            Advance();
        }
        return true;
    }

    private bool ParseFunction()
    {
        Advance();
        if (Current.Kind != RulesTokenKind.Identifier)
        {
            return Fail(Current, $"Invalid function name '{Current.Display}'.");
        }
        Advance();
        if (!Current.Is("("))
        {
            return Fail(Current, $"Expected '(' after the function name, found '{Current.Display}'.");
        }
        SkipBalanced();
        if (!Current.Is("{"))
        {
            return Fail(Current, $"Expected '{{' to start the function body, found '{Current.Display}'.");
        }
        SkipBalanced();
        return true;
    }

    private string? ParseDottedName()
    {
        if (Current.Kind != RulesTokenKind.Identifier)
        {
            Fail(Current, $"Expected a service name, found '{Current.Display}'.");
            return null;
        }
        var name = Advance().Text;
        while (Current.Is(".") && _tokens[_position + 1].Kind == RulesTokenKind.Identifier)
        {
            Advance();
            name += "." + Advance().Text;
        }
        return name;
    }

    /// <summary>Skips one token, or a whole bracketed group when it starts one (balance is already known).</summary>
    private void SkipBalanced()
    {
        var depth = 0;
        do
        {
            var token = Advance();
            if (token.Kind == RulesTokenKind.Punctuation && Closers.ContainsKey(token.Text))
            {
                depth++;
            }
            else if (token.Kind == RulesTokenKind.Punctuation && Closers.ContainsValue(token.Text))
            {
                depth--;
            }
        }
        while (depth > 0 && Current.Kind != RulesTokenKind.End);
    }

    private bool Expect(string text)
    {
        if (Current.Is(text))
        {
            Advance();
            return true;
        }
        return Fail(Current, $"Expected '{text}', found '{Current.Display}'.");
    }

    private bool Fail(RulesToken at, string description)
    {
        _issues.Add(RulesIssue.Error(at, description));
        return false;
    }
}
