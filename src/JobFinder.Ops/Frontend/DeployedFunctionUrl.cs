namespace JobFinder.Ops.Frontend;

/// <summary>A deployed function and the URLs it answers on: <c>url</c> (for gen2 on Google the
/// <c>cloudfunctions.net</c> address) and <c>serviceConfig.uri</c> (the Cloud Run <c>run.app</c> address).
/// A frontend may use either.</summary>
public sealed record DeployedFunctionUrl(string FunctionId, string Region, string? Url, string? ServiceUri);
