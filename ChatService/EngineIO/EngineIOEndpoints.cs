namespace ChatService.EngineIO;

/// <summary>
/// The Engine.IO endpoints mapped in this application, by path, so that a WebSocket handshake can be served
/// at the connection level (see <c>Transports.WebSocketConnectionMiddleware</c>) without going through routing.
/// </summary>
public sealed class EngineIOEndpoints
{
    private readonly Lock _lock = new();
    private (string Path, EngineIOServer Server)[] _endpoints = [];

    internal void Add(string path, EngineIOServer server)
    {
        lock (_lock)
        {
            _endpoints = [.. _endpoints, ("/" + path.Trim('/'), server)];
        }
    }

    /// <summary>The endpoint serving <paramref name="path"/> (a trailing slash and letter case ignored, as routing does).</summary>
    internal EngineIOServer? Find(string path)
    {
        var trimmed = path.Length > 1 ? path.AsSpan().TrimEnd('/') : path.AsSpan();
        foreach (var (endpointPath, server) in Volatile.Read(ref _endpoints))
        {
            if (trimmed.Equals(endpointPath, StringComparison.OrdinalIgnoreCase))
            {
                return server;
            }
        }

        return null;
    }
}
