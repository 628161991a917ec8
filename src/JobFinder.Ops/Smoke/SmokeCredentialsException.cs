using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>The smoke credentials are wrong (see <see cref="SmokeCredentialProblem"/>). Its own type so
/// the deployment and Watch can stop for it without calling the release bad: a deployment restores
/// what it changed and ends Aborted, Watch goes on with the metrics and never rolls back for it.</summary>
public sealed class SmokeCredentialsException : JobFinderException
{
    public SmokeCredentialsException(SmokeCredentialProblem problem)
        : base(problem.ErrorId, problem.Category, problem.Summary, problem.Source)
    {
        Problem = problem;
        RecommendedAction = problem.Fix;
    }

    public SmokeCredentialProblem Problem { get; }

    /// <summary>The same problem, naming the checks it affected.</summary>
    public SmokeCredentialsException For(IEnumerable<string> checks) => new(Problem with { Checks = [.. checks] });
}
