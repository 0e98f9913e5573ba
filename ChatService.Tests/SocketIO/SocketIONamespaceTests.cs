using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using ChatService.EngineIO;
using ChatService.SocketIO;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatService.Tests.SocketIO;

/// <summary>
/// Handlers registered once on a namespace serve every socket; a socket's own handler for an event wins; the
/// namespace's disconnect handlers run before the socket's own.
/// </summary>
[NonParallelizable]
public sealed class SocketIONamespaceTests
{
    private TestHost _host = null!;
    private SocketIONamespace _ns = null!;
    private readonly ConcurrentQueue<string> _disconnects = new();
    private readonly ConcurrentDictionary<string, SocketContext> _sockets = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await TestHost.StartAsync(["Mode=Conformance"]);
        _ns = _host.Services.GetRequiredService<SocketIOServer>().Of("/shared");
        _ns.On("hello", e => e.Ack(SocketIOArguments.FromString("namespace:" + e.Socket.State)))
            .On("whoami", async e =>
            {
                await Task.Yield();
                e.Socket.Emit("you-are", SocketIOArguments.FromString((string)e.Socket.State!));
            })
            .OnDisconnect((socket, _) =>
            {
                _disconnects.Enqueue($"namespace:{socket.State}@{socket.Id}");
                return ValueTask.CompletedTask;
            })
            .OnConnection(socket =>
            {
                var name = socket.Handshake.GetAuthString("name")!;
                socket.State = name;
                if (name == "own")
                {
                    socket.On("hello", e => e.Ack(SocketIOArguments.FromString("socket:" + e.Socket.State)));
                    socket.OnDisconnect((s, _) =>
                    {
                        _disconnects.Enqueue($"socket:{s.State}@{s.Id}");
                        return ValueTask.CompletedTask;
                    });
                }

                // Last: ConnectAsync waits for it, so a test starts once this handler is done.
                _sockets[name] = socket;
            });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task NamespaceHandlersServeEverySocketWithItsOwnState()
    {
        using var a = await ConnectAsync("a");
        using var b = await ConnectAsync("b");
        await SendAsync(a, "42/shared,1[\"hello\"]");
        await SendAsync(b, "42/shared,2[\"hello\"]");
        Assert.That(await ReceiveAsync(a), Is.EqualTo("43/shared,1[\"namespace:a\"]"));
        Assert.That(await ReceiveAsync(b), Is.EqualTo("43/shared,2[\"namespace:b\"]"));

        await SendAsync(b, "42/shared,[\"whoami\"]");
        Assert.That(await ReceiveAsync(b), Is.EqualTo("42/shared,[\"you-are\",\"b\"]"));
    }

    [Test]
    public async Task ASocketsOwnHandlerWinsOverTheNamespaces()
    {
        using var own = await ConnectAsync("own");
        using var other = await ConnectAsync("other");
        await SendAsync(own, "42/shared,7[\"hello\"]");
        await SendAsync(other, "42/shared,8[\"hello\"]");
        Assert.That(await ReceiveAsync(own), Is.EqualTo("43/shared,7[\"socket:own\"]"));
        Assert.That(await ReceiveAsync(other), Is.EqualTo("43/shared,8[\"namespace:other\"]"));

        // Events the socket has no handler of its own for still reach the namespace's.
        await SendAsync(own, "42/shared,[\"whoami\"]");
        Assert.That(await ReceiveAsync(own), Is.EqualTo("42/shared,[\"you-are\",\"own\"]"));
    }

    [Test]
    public async Task NamespaceDisconnectHandlersRunBeforeTheSocketsOwn()
    {
        string id;
        using (var own = await ConnectAsync("own"))
        {
            id = _sockets["own"].Id;
            await SendAsync(own, "41/shared,");
        }

        // Only this socket's: an earlier test's sockets may still be leaving.
        string[] Mine() => [.. _disconnects.Where(d => d.EndsWith("@" + id, StringComparison.Ordinal))];
        await WaitUntilAsync(() => Mine().Length >= 2);
        Assert.That(Mine(), Is.EqualTo(new[] { $"namespace:own@{id}", $"socket:own@{id}" }));
    }

    [Test]
    public async Task AfterAReplayALateBroadcastItCoveredIsDroppedAndLaterOnesPass()
    {
        using var client = await ConnectAsync("replayed");
        var socket = _sockets["replayed"];
        socket.BeginHold();
        socket.MarkReplayed("7");
        socket.EndHold();

        // Stored before the replay read the store, broadcast after the hold ended: the client has it already.
        Assert.That(socket.Deliver(ChatService.EngineIO.OutboundMessage.Text("42/shared,[\"m\",7]"u8.ToArray()), "7"), Is.True);
        socket.Deliver(ChatService.EngineIO.OutboundMessage.Text("42/shared,[\"m\",8]"u8.ToArray()), "8");
        Assert.That(await ReceiveAsync(client), Is.EqualTo("42/shared,[\"m\",8]"), "7 dropped, 8 delivered");
    }

    [Test]
    public async Task AMiddlewaresTokenIsCancelledWhenTheSessionClosesWhileItRuns()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Services.GetRequiredService<SocketIOServer>().Of("/waiting").Use(async (_, cancellationToken) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }

            return null;
        });

        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://{_host.Address.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).DefaultTimeout();
        var open = await ReceiveAsync(client);
        using var json = System.Text.Json.JsonDocument.Parse(open[1..]);
        await SendAsync(client, "40/waiting,");
        await started.Task.DefaultTimeout();

        // The read loop waits for the middleware, so the server ends the session (as a heartbeat timeout would).
        var server = _host.Services.GetRequiredService<EngineIOEndpoints>().Find("/socket.io")!;
        Assert.That(server.TryGetSession(json.RootElement.GetProperty("sid").GetString()!, out var session), Is.True);
        session.Close(EngineIOCloseReason.ForcedClose);
        await cancelled.Task.DefaultTimeout();
    }

    private async Task<ClientWebSocket> ConnectAsync(string name)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{_host.Address.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).DefaultTimeout();
        Assert.That(await ReceiveAsync(socket), Does.StartWith("0{"));
        await SendAsync(socket, $"40/shared,{{\"name\":\"{name}\"}}");
        var answer = await ReceiveAsync(socket);
        Assert.That(answer, Does.StartWith("40/shared,{\"sid\":"));

        // The CONNECT answer leaves before the connection handlers run: wait until this socket is the one recorded.
        using var json = System.Text.Json.JsonDocument.Parse(answer["40/shared,".Length..]);
        var sid = json.RootElement.GetProperty("sid").GetString();
        await WaitUntilAsync(() => _sockets.TryGetValue(name, out var recorded) && recorded.Id == sid);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();

    /// <summary>The next text frame that is not a ping.</summary>
    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text != "2")
            {
                return text;
            }

            await SendAsync(socket, "3");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.That(condition(), Is.True, "condition not met in 5 s");
    }
}
