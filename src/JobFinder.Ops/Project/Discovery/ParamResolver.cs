using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>Gives every param of a manifest its value the way firebase-tools' <c>resolveParams</c> does
/// for a deploy: the built-in params (<c>PROJECT_ID</c>, <c>GCLOUD_PROJECT</c>, and from the project's
/// adminSdkConfig <c>STORAGE_BUCKET</c> and <c>DATABASE_URL</c> when it has them),
/// then the dotenv files (<c>.env</c>, <c>.env.&lt;projectId or alias&gt;</c>), then the param's default
/// (CEL defaults such as <c>{{ params.A }}</c> resolved against the params before it). firebase-tools
/// would prompt for a param with no value; a deployment is not interactive, so that is an error naming
/// the param and the file to put it in. Secrets are never read: they stay references to Secret Manager.</summary>
internal sealed class ParamResolver
{
    private readonly Dictionary<string, ParamValue> _values = new(StringComparer.Ordinal);
    private readonly List<FunctionParam> _params = [];
    private readonly List<EnvironmentVariable> _fromDefaults = [];

    public ParamResolver(string projectId, FirebaseSdkDefaults firebase, IReadOnlyList<EnvironmentVariable> userEnvironment)
    {
        foreach (var variable in userEnvironment)
        {
            _values[variable.Name] = ParamValue.Untyped(variable.Value);
        }

        // populateDefaultParams: built-ins are strings and are not written to the function's environment.
        _values["PROJECT_ID"] = ParamValue.OfType(projectId, "string");
        _values["GCLOUD_PROJECT"] = ParamValue.OfType(projectId, "string");
        if (!string.IsNullOrEmpty(firebase.DatabaseUrl))
        {
            _values["DATABASE_URL"] = ParamValue.OfType(firebase.DatabaseUrl, "string");
        }

        if (!string.IsNullOrEmpty(firebase.StorageBucket))
        {
            _values["STORAGE_BUCKET"] = ParamValue.OfType(firebase.StorageBucket, "string");
        }

        UserEnvironment = userEnvironment;
    }

    public IReadOnlyDictionary<string, ParamValue> Values => _values;

    public IReadOnlyList<FunctionParam> Params => _params;

    /// <summary>Params that took their default: firebase-tools writes them to .env.&lt;projectId&gt; and
    /// deploys them as environment variables, so the SDK reads the same value at run time.</summary>
    public IReadOnlyList<EnvironmentVariable> FromDefaults => _fromDefaults;

    private IReadOnlyList<EnvironmentVariable> UserEnvironment { get; }

    /// <summary>Resolves the manifest's <c>params</c> list in order.</summary>
    public void Resolve(YamlSection? manifestParams, string codebase, string sourceDirectory)
    {
        foreach (var param in manifestParams?.Items() ?? [])
        {
            var name = (param.Child("name") ?? throw param.Error("A param needs a 'name'.")).Scalar();
            var type = param.Child("type")?.Scalar() ?? "string";
            var fromFile = UserEnvironment.FirstOrDefault(v => v.Name == name);
            if (type == "secret")
            {
                // Secrets come from Secret Manager at run time; a dotenv value for one is not used.
                _params.Add(new FunctionParam(name, type, "Secret Manager"));
                continue;
            }

            if (fromFile is not null)
            {
                _values[name] = ParamValue.OfType(fromFile.Value, type);
                _params.Add(new FunctionParam(name, type, fromFile.Source) { Value = fromFile.Value });
                continue;
            }

            var value = Default(param, name, type) ?? throw param.Error(
                $"Param '{name}' ({type}) of codebase '{codebase}' has no value and no default. Add {name}=<value> to {Path.Combine(sourceDirectory, ".env")} " +
                "(or to .env.<alias or project id> for one environment); firebase deploy would prompt for it, a deployment here does not.");
            _values[name] = ParamValue.OfType(value, type);
            _params.Add(new FunctionParam(name, type, "default") { Value = value });
            _fromDefaults.Add(new EnvironmentVariable(name, value, "default of param " + name));
        }
    }

    private string? Default(YamlSection param, string name, string type)
    {
        if (param.Child("default") is not { } node)
        {
            return null;
        }

        if (node.Node is YamlDotNet.RepresentationModel.YamlSequenceNode)
        {
            return string.Join(',', node.Items().Select(i => i.Scalar()));
        }

        var text = node.Scalar();
        if (!ParamExpression.IsExpression(text))
        {
            return text;
        }

        var missing = ParamExpression.Dependencies(text).FirstOrDefault(d => !_values.ContainsKey(d));
        if (missing is not null)
        {
            throw node.Error($"The default of param '{name}' ({text}) reads params.{missing}, which has no value yet.");
        }

        try
        {
            return type switch
            {
                "int" => ParamExpression.ResolveInt(text, _values).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "boolean" => ParamExpression.ResolveBoolean(text, _values) ? "true" : "false",
                "list" => string.Join(',', ParamExpression.ResolveList(text, _values)),
                _ => ParamExpression.ResolveString(text, _values),
            };
        }
        catch (ParamExpressionException ex)
        {
            throw node.Error($"The default of param '{name}': {ex.Message}");
        }
    }
}
