namespace ChatService.SocketIO.Adapters;

/// <summary>Creates <see cref="InMemoryAdapter"/>s.</summary>
public sealed class InMemoryAdapterFactory : ISocketIOAdapterFactory
{
    /// <inheritdoc />
    public SocketIOAdapter Create(SocketIONamespace ns) => new InMemoryAdapter(ns);
}
