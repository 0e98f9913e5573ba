using ChatService.EngineIO;

namespace ChatService.SocketIO;

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIOEndpointRouteBuilderExtensions
{
    /// <summary>Serves Socket.IO at <paramref name="path"/> (default <c>/socket.io/</c>) and returns the server to configure namespaces on.</summary>
    public static SocketIOServer MapSocketIO(this IEndpointRouteBuilder endpoints, string path = "/socket.io")
    {
        var server = endpoints.ServiceProvider.GetRequiredService<SocketIOServer>();
        endpoints.MapEngineIO(path, server);
        return server;
    }
}
