namespace JobFinder.Ops.Model;

/// <summary>Whether a frontend setting points where it should.</summary>
public enum FrontendCheckStatus
{
    Pass,
    Fail,
}
