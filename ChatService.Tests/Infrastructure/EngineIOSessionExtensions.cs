using System.Text;
using ChatService.EngineIO;
using Microsoft.AspNetCore.Http;

namespace ChatService.Tests.Infrastructure;

/// <summary>Sessions without a transport: opened directly on a server, their queue read directly.</summary>
internal static class EngineIOSessionExtensions
{
    /// <summary>Creates and opens a polling session (heartbeat started), as a polling handshake does.</summary>
    public static async Task<EngineIOSession> OpenPollingSessionAsync(this EngineIOServer server)
    {
        var session = server.CreateSession(new DefaultHttpContext(), EngineIOTransportKind.Polling);
        await server.OpenAsync(session).DefaultTimeout();
        return session;
    }

    /// <summary>Takes every queued packet: text packets as text, binary ones as <c>binary</c>.</summary>
    public static List<string> DrainOutbound(this EngineIOSession session)
    {
        var packets = new List<string>();
        while (session.Outbound.TryRead(out var message))
        {
            packets.Add(message.IsBinary ? "binary" : Encoding.UTF8.GetString(message.Data.Span));
        }

        return packets;
    }
}
