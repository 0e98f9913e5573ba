namespace ChatService.SocketIO.Adapters;

/// <summary>Creates the adapter of each namespace (in-memory by default; Redis for several nodes).</summary>
public interface ISocketIOAdapterFactory
{
    /// <summary>Creates the adapter of <paramref name="ns"/>.</summary>
    SocketIOAdapter Create(SocketIONamespace ns);
}
