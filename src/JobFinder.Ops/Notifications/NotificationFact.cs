namespace JobFinder.Ops.Notifications;

/// <summary>One labelled line of a message (<c>Expected duration: about 4 min</c>).</summary>
public sealed record NotificationFact(string Label, string Value);
