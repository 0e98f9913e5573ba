namespace ChatService.SocketIO;

/// <summary>Why a socket left its namespace. <see cref="DisconnectReasons.ToWireString"/> gives the reference server's wording.</summary>
public enum DisconnectReason
{
    /// <summary>The client left the namespace (<c>socket.disconnect()</c> on the client).</summary>
    ClientNamespaceDisconnect,
    /// <summary>The server removed the socket from the namespace.</summary>
    ServerNamespaceDisconnect,
    /// <summary>The connection was closed by the client or lost.</summary>
    TransportClose,
    /// <summary>The connection failed.</summary>
    TransportError,
    /// <summary>The client stopped answering pings.</summary>
    PingTimeout,
    /// <summary>The client sent an invalid packet.</summary>
    ParseError,
    /// <summary>The server closed the whole connection.</summary>
    ForcedServerClose,
    /// <summary>The server is stopping.</summary>
    ServerShuttingDown,
    /// <summary>The client could not keep up with what it was sent.</summary>
    SlowConsumer,
}
