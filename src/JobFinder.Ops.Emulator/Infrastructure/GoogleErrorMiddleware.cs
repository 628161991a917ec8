namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Turns a thrown <see cref="GoogleApiException"/> into Google's error body; a malformed request
/// body (BadHttpRequestException) becomes 400 INVALID_ARGUMENT.</summary>
public sealed class GoogleErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await ex.ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await GoogleErrors.InvalidArgument(ex.Message).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
