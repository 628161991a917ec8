using System.Globalization;
using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Portfolio;

namespace JobFinder.Ops.Commands;

/// <summary>Removes the old job-finder functions from the portfolio project, refusing any that still receive traffic.</summary>
/// <remarks>Help (Get-Help Remove-JobFinderPortfolioFunction): docs/help/Remove-JobFinderPortfolioFunction.md.</remarks>
[Cmdlet(VerbsCommon.Remove, "JobFinderPortfolioFunction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(PortfolioFunctionResult))]
public sealed class RemoveJobFinderPortfolioFunctionCommand : JobFinderCloudCmdlet
{
    /// <summary>The id of the old portfolio project (for example portfolio-site).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The portfolio project id, for example portfolio-site.")]
    [ValidatePattern("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>Functions to leave in place (wildcards allowed). Default: contactForm.</summary>
    [Parameter]
    public string[] Keep { get; set; } = ["contactForm"];

    /// <summary>Only consider functions whose id matches one of these patterns (wildcards allowed). Default: all.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = ["*"];

    /// <summary>How far back to look for traffic. Default: 24 hours.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Since { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Also delete functions that served requests in the -Since window (each still confirmed).</summary>
    [Parameter]
    public SwitchParameter IncludeServing { get; set; }

    /// <summary>Skip the confirmation prompts; deletes nothing that would not be deleted with them answered yes.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Since <= TimeSpan.Zero)
        {
            ThrowArgumentError("PortfolioWindowInvalid", "-Since must be a positive duration.", Since);
        }

        var keep = Keep.Select(k => new WildcardPattern(k, WildcardOptions.IgnoreCase)).ToArray();
        var names = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        var functions = RunConnected((client, token) =>
            new PortfolioCleanupService(client).SurveyAsync(ProjectId, Since, token));
        foreach (var function in functions.Where(f => names.Any(n => n.IsMatch(f.FunctionId))))
        {
            WriteObject(Decide(function, keep));
        }
    }

    private PortfolioFunctionResult Decide(PortfolioFunction function, WildcardPattern[] keep)
    {
        var window = Hours(Since);
        if (keep.Any(k => k.IsMatch(function.FunctionId)))
        {
            return Result(function, PortfolioFunctionAction.Kept, "named in -Keep");
        }

        if (function.Requests > 0 && !IncludeServing)
        {
            var message = $"{function.FunctionId} ({function.Region}) served {function.Requests} request(s) in the last {window}: something still calls it. Switch the caller to the new project first, or use -IncludeServing to delete it anyway.";
            WriteNonTerminating(new JobFinderException("PortfolioFunctionStillServing", ErrorKind.ResourceBusy, message, function.FunctionName), function.FunctionName);
            return Result(function, PortfolioFunctionAction.Skipped, $"still serving: {function.Requests} request(s) in the last {window}");
        }

        if (!ShouldProcessWithForce(function.FunctionName, $"Delete function ({function.Requests} request(s) in the last {window})", Force))
        {
            return IsWhatIfInEffect()
                ? Result(function, PortfolioFunctionAction.WouldRemove, null)
                : Result(function, PortfolioFunctionAction.Skipped, "not confirmed");
        }

        try
        {
            RunConnected((client, token) =>
                new PortfolioCleanupService(client).DeleteAsync(function, token));
        }
        catch (JobFinderException ex)
        {
            WriteNonTerminating(ex, function.FunctionName);
            return Result(function, PortfolioFunctionAction.Skipped, "delete failed: " + ex.Message);
        }

        return Result(function, PortfolioFunctionAction.Removed, null);
    }

    private PortfolioFunctionResult Result(PortfolioFunction function, PortfolioFunctionAction action, string? reason) => new()
    {
        Name = function.FunctionId,
        Region = function.Region,
        ProjectId = ProjectId,
        Requests = function.Requests,
        Window = Since,
        Action = action,
        Reason = reason,
        FunctionName = function.FunctionName,
    };

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " h";
}
