using System.Net.Sockets;
using ChatService.EngineIO;
using ChatService.EngineIO.Transports;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace ChatService.Tests.EngineIO;

/// <summary>
/// Which output a connection-level WebSocket writes to: the socket itself when the transport exposes one and the
/// options allow it, Kestrel's pipe otherwise (the WebSocket suites run both ways and pass either way, so this is
/// what shows the direct path is the one taken).
/// </summary>
public sealed class DirectOutputTests
{
    private sealed class SocketFeature(Socket socket) : IConnectionSocketFeature
    {
        public Socket Socket => socket;
    }

    [Test]
    public void AConnectionWithASocketSendsToItByDefault()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connection = new DefaultConnectionContext();
        connection.Features.Set<IConnectionSocketFeature>(new SocketFeature(socket));

        Assert.That(WebSocketConnectionMiddleware.DirectOutput(connection, new EngineIOOptions()), Is.InstanceOf<SocketPipeWriter>());
        Assert.That(WebSocketConnectionMiddleware.DirectOutput(connection, new EngineIOOptions { DirectSocketSends = false }), Is.Null);
    }

    [Test]
    public void AConnectionWithoutASocketWritesToItsPipe()
    {
        Assert.That(WebSocketConnectionMiddleware.DirectOutput(new DefaultConnectionContext(), new EngineIOOptions()), Is.Null);
    }
}
