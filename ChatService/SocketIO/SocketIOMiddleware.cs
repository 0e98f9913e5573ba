namespace ChatService.SocketIO;

/// <summary>
/// A connection middleware: runs before a socket joins its namespace, sees <see cref="SocketContext.Handshake"/>
/// (headers, query, auth payload, address) and may set <see cref="SocketContext.Items"/>. Return null to let
/// the socket in, or an error to refuse it with CONNECT_ERROR. The token is cancelled when the connection closes
/// while the middlewares run.
/// </summary>
public delegate ValueTask<SocketIOConnectError?> SocketIOMiddleware(SocketContext socket, CancellationToken cancellationToken);
