using System.Net.WebSockets;
using System.Text;
using ChatService.SocketIO;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatService.Tests.SocketIO;

/// <summary>A client that stops reading is cut off when its bounded queue overflows; nobody else waits for it.</summary>
public sealed class SlowConsumerTests
{
    [Test]
    public async Task ClientThatStopsReadingIsDisconnectedAndOthersKeepReceiving()
    {
        await using var host = await TestHost.StartAsync(["Mode=Conformance", "EngineIO:MaxOutboundQueue=16"]);
        var io = host.Services.GetRequiredService<SocketIOServer>();

        using var slow = await ConnectAsync(host);
        await SendAsync(slow, "42[\"join\",\"room\"]");
        using var fast = await ConnectAsync(host);
        await SendAsync(fast, "421[\"join\",\"room\"]");
        await ReceiveUntilAsync(fast, "431[\"joined\",\"room\"]");
        Assert.That(io.Of("/").Adapter.CountInRoom("room"), Is.EqualTo(2));

        // The slow client never reads again: its TCP buffers fill, then its queue, then it is dropped.
        var payload = new string('x', 64 * 1024);
        var delivered = 0;
        for (var i = 0; i < 400 && io.Of("/").Adapter.CountInRoom("room") == 2; i++)
        {
            await SendAsync(fast, $"42{i + 10}[\"to-room\",\"room\",\"{payload}\"]");
            await ReceiveUntilAsync(fast, $"43{i + 10}[\"sent\"]");
            delivered++;
        }

        await WaitUntilAsync(() => io.Of("/").Adapter.CountInRoom("room") == 1);
        Assert.That(delivered, Is.GreaterThan(0));

        // The fast client is unaffected.
        await SendAsync(fast, "42[\"message\",\"after\"]");
        await ReceiveUntilAsync(fast, "42[\"message-back\",\"after\"]");
    }

    private static async Task<ClientWebSocket> ConnectAsync(TestHost host)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{host.Address.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).DefaultTimeout();
        await SendAsync(socket, "40");
        await ReceiveUntilAsync(socket, "42[\"auth\",{}]");
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();

    /// <summary>Reads frames until one equals <paramref name="expected"/> (others, room messages included, are skipped).</summary>
    private static async Task ReceiveUntilAsync(ClientWebSocket socket, string expected)
    {
        var buffer = new byte[128 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            using var stream = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cts.Token);
                Assert.That(result.MessageType, Is.Not.EqualTo(WebSocketMessageType.Close), "closed while waiting for " + expected);
                stream.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            var text = Encoding.UTF8.GetString(stream.ToArray());
            if (text == "2")
            {
                await SendAsync(socket, "3");
            }
            else if (text == expected)
            {
                return;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True);
    }
}
