using System.Text.Json;
using System.Text.RegularExpressions;
using ChatService.SocketIO;

namespace ChatService.Hosting;

/// <summary>
/// The handlers the official socket.io-protocol suite expects (<c>auth</c> echo on connect, <c>message</c> →
/// <c>message-back</c>, <c>message-with-ack</c>), plus a few more that exercise the server API end to end
/// (server-side acks, rooms, broadcasts, middleware refusal, dynamic namespaces, server disconnects). Hosted
/// in the conformance mode; none of this is chat.
/// </summary>
internal static partial class ConformanceNamespaces
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public static void Map(SocketIOServer io)
    {
        io.Of("/").OnConnection(socket =>
        {
            EmitAuth(socket);
            socket.On("message", e => socket.Emit("message-back", e.Arguments));
            socket.On("message-with-ack", e => e.Ack(e.Arguments));
            socket.On("server-ack", AskClientAsync);
            socket.On("join", e =>
            {
                if (e.Arguments.GetString(0) is { } room)
                {
                    socket.Join(room);
                    e.Ack(new SocketIOArguments.Builder().AddString("joined").AddString(room).Build());
                }
            });
            socket.On("leave", e =>
            {
                if (e.Arguments.GetString(0) is { } room)
                {
                    socket.Leave(room);
                    e.Ack(new SocketIOArguments.Builder().AddString("left").AddString(room).Build());
                }
            });
            socket.On("to-room", async e =>
            {
                if (e.Arguments.GetString(0) is { } room)
                {
                    await socket.To(room).EmitAsync("room-message", Payload(e.Arguments, 1));
                    e.Ack(SocketIOArguments.FromString("sent"));
                }
            });
            socket.On("broadcast", async e =>
            {
                await socket.Broadcast.EmitAsync("broadcast", Payload(e.Arguments, 0));
                e.Ack(SocketIOArguments.FromString("sent"));
            });
            socket.On("rooms-except", async e =>
            {
                var rooms = e.Arguments.GetValue(0, SocketIOJsonContext.Default.StringArray) ?? [];
                var except = e.Arguments.GetValue(1, SocketIOJsonContext.Default.StringArray) ?? [];
                await socket.Namespace.To(rooms).Except(except).EmitAsync("room-message", Payload(e.Arguments, 2));
                e.Ack(SocketIOArguments.FromString("sent"));
            });
            socket.On("disconnect-me", _ => socket.Disconnect());
            socket.On("close-me", _ => socket.Disconnect(close: true));
        });

        io.Of("/custom").OnConnection(EmitAuth);

        io.Of("/admin")
            .Use((socket, _) => ValueTask.FromResult(
                socket.Handshake.GetAuthString("token") == "secret"
                    ? null
                    : SocketIOConnectError.WithData("not authorized", new Refusal("bad token"), ConformanceJsonContext.Default.Refusal)))
            .OnConnection(EmitAuth);

        io.OfDynamic(name => DynamicName().IsMatch(name), ns => ns.OnConnection(EmitAuth));
    }

    private static void EmitAuth(SocketContext socket) => socket.Emit("auth", SocketIOArguments.FromJson(socket.Handshake.AuthJson.Span));

    private static async ValueTask AskClientAsync(SocketIOEvent e)
    {
        var socket = e.Socket;
        SocketIOArguments result;
        try
        {
            var answer = await socket.EmitWithAckAsync("ask", Payload(e.Arguments, 0), AskTimeout);
            result = answer.Count > 0 ? Payload(answer, 0) : SocketIOArguments.Empty;
        }
        catch (TimeoutException)
        {
            result = SocketIOArguments.FromString("timeout");
        }
        catch (SocketIODisconnectedException)
        {
            return;
        }

        socket.Emit("ask-result", result);
    }

    /// <summary>Argument <paramref name="index"/> alone (null when missing), binary kept binary.</summary>
    private static SocketIOArguments Payload(SocketIOArguments arguments, int index)
    {
        if (index >= arguments.Count)
        {
            return SocketIOArguments.FromJson("null"u8);
        }

        return arguments.TryGetBinary(index, out var bytes)
            ? new SocketIOArguments.Builder().AddBinary(bytes).Build()
            : SocketIOArguments.FromJson(arguments.GetRawJson(index).Span);
    }

    [GeneratedRegex("^/dyn-[a-z0-9]+$")]
    private static partial Regex DynamicName();
}
