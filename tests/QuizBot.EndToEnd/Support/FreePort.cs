using System.Net;
using System.Net.Sockets;

namespace QuizBot.EndToEnd.Support;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the kernel picks it), so tests never share one.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
