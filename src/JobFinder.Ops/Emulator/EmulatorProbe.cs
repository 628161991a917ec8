using System.Net.Sockets;

namespace JobFinder.Ops.Emulator;

/// <summary>
/// Asks whether anything accepts connections at an emulator host, with one TCP connect and no HTTP
/// request, so it works for any emulator (ours, or one behind JOBFINDER_EMULATOR_HOST) and costs well
/// under a millisecond on loopback. A stopped emulator's port refuses at once; the timeout only matters
/// for a host that drops packets. Used before each command's first call so a vanished emulator is
/// reported in that much time instead of after the retry budget (about 45 s of "Connection refused").
/// </summary>
public static class EmulatorProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>Null when <paramref name="emulatorHost"/> accepts a connection, else why not
    /// (e.g. "Connection refused").</summary>
    public static async Task<string?> FindProblemAsync(string emulatorHost, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!TryParse(emulatorHost, out var host, out var port))
        {
            return $"'{emulatorHost}' is not HOST:PORT";
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no connection within {timeout.TotalSeconds:0.#} s";
        }
    }

    /// <summary>Accepts what GoogleEndpoints accepts: <c>127.0.0.1:8085</c>, <c>[::1]:8085</c> or a URL.</summary>
    private static bool TryParse(string emulatorHost, out string host, out int port)
    {
        var text = emulatorHost.Contains("://", StringComparison.Ordinal) ? emulatorHost : "http://" + emulatorHost;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            host = uri.Host.Trim('[', ']');
            port = uri.Port;
            return true;
        }

        host = string.Empty;
        port = 0;
        return false;
    }
}
