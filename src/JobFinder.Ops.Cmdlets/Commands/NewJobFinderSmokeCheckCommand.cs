using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Commands;

/// <summary>Creates a smoke check object for Test-JobFinderSmoke -Check.</summary>
/// <remarks>Help (Get-Help New-JobFinderSmokeCheck): docs/help/New-JobFinderSmokeCheck.md.</remarks>
[Cmdlet(VerbsCommon.New, "JobFinderSmokeCheck", DefaultParameterSetName = FunctionSet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/SMOKE.md")]
[OutputType(typeof(SmokeCheckDefinition))]
public sealed class NewJobFinderSmokeCheckCommand : JobFinderCmdlet
{
    private const string FunctionSet = "Function";
    private const string UrlSet = "Url";

    /// <summary>The check's name, unique within a run.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The check's name")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The function to call (its URL is resolved from the Cloud Functions API when the check runs).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FunctionSet, HelpMessage = "The function id, e.g. health")]
    [ValidateNotNullOrEmpty]
    public string Function { get; set; } = string.Empty;

    /// <summary>An absolute http(s) URL to call instead of a function.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UrlSet, HelpMessage = "An absolute http(s) URL")]
    [ValidateNotNullOrEmpty]
    public string Url { get; set; } = string.Empty;

    /// <summary>HTTP method; GET, or POST when -Body is given.</summary>
    [Parameter]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")]
    public string? Method { get; set; }

    /// <summary>Appended to the function or URL, starting with '/'.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RequestPath { get; set; }

    /// <summary>The request body: JSON text, or a hashtable or object that is converted to JSON.</summary>
    [Parameter]
    public object? Body { get; set; }

    /// <summary>The HTTP status the check expects. Default 200.</summary>
    [Parameter]
    [ValidateRange(100, 599)]
    public int ExpectedStatus { get; set; } = 200;

    /// <summary>JSON-path assertions on the response body, e.g. '$.result.success == true'.</summary>
    [Parameter]
    [Alias("Assertion")]
    public string[] Assert { get; set; } = [];

    /// <summary>None, FirebaseIdToken (the smoke-test user) or Oidc (an identity token from the session's credentials).</summary>
    /// <remarks>A string, not the engine's enum: a value-type field of an engine type would make PowerShell load
    /// the engine while it reflects over this assembly, before the module's load context is in place.</remarks>
    [Parameter]
    [ValidateSet("None", "FirebaseIdToken", "Oidc", IgnoreCase = true)]
    public string Auth { get; set; } = "None";

    /// <summary>Per attempt. Default 30 seconds.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts after a failure that may be transient. Default 1.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int Retries { get; set; } = 1;

    protected override void ProcessRecordCore() =>
        WriteObject(SmokeCheckFactory.Create(new SmokeCheckFactory.Input
        {
            Name = Name,
            Function = ParameterSetName == FunctionSet ? Function : null,
            Url = ParameterSetName == UrlSet ? Url : null,
            Method = Method,
            Path = RequestPath,
            BodyJson = BodyText(),
            ExpectedStatus = ExpectedStatus,
            Assertions = Assert,
            Auth = Enum.Parse<SmokeCheckAuth>(Auth, ignoreCase: true),
            Timeout = Timeout,
            Retries = Retries,
        }));

    /// <summary>Text as is; a hashtable or object through ConvertTo-Json so nested data keeps its shape.</summary>
    private string? BodyText()
    {
        var body = Body is PSObject wrapped ? wrapped.BaseObject : Body;
        return body switch
        {
            null => null,
            string text => text,
            _ => string.Concat(InvokeCommand.NewScriptBlock("param($o) ConvertTo-Json -InputObject $o -Depth 32 -Compress").Invoke(Body).Select(o => o?.ToString())),
        };
    }
}
