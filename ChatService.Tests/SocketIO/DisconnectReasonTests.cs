using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using ChatService.SocketIO;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatService.Tests.SocketIO;

/// <summary>The reason a server-side disconnect handler sees, for each way a socket can go.</summary>
public sealed class DisconnectReasonTests
{
    private static async Task<(TestHost Host, ConcurrentQueue<DisconnectReason> Reasons, SocketIONamespace Ns)> StartAsync()
    {
        var host = await TestHost.StartAsync(["Mode=Conformance", "EngineIO:PingInterval=00:00:00.200", "EngineIO:PingTimeout=00:00:00.200"]);
        var reasons = new ConcurrentQueue<DisconnectReason>();
        var ns = host.Services.GetRequiredService<SocketIOServer>().Of("/reasons");
        ns.OnConnection(socket =>
        {
            socket.OnDisconnect((_, reason) =>
            {
                reasons.Enqueue(reason);
                return ValueTask.CompletedTask;
            });
            socket.On("kick", _ => socket.Disconnect());
        });
        return (host, reasons, ns);
    }

    private static async Task<ClientWebSocket> ConnectAsync(TestHost host, bool answerPings = true)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{host.Address.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).DefaultTimeout();
        await SendAsync(socket, "40/reasons,");
        while (!(await ReceiveAsync(socket, answerPings)).StartsWith("40/reasons,", StringComparison.Ordinal))
        {
        }

        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, bool answerPings)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text == "2")
            {
                if (answerPings)
                {
                    await SendAsync(socket, "3");
                }

                continue;
            }

            return text;
        }
    }

    private static async Task<DisconnectReason> NextReasonAsync(ConcurrentQueue<DisconnectReason> reasons)
    {
        for (var i = 0; i < 200; i++)
        {
            if (reasons.TryDequeue(out var reason))
            {
                return reason;
            }

            await Task.Delay(50);
        }

        Assert.Fail("no disconnect reason was reported");
        return default;
    }

    [Test]
    public async Task ReportsEachReason()
    {
        var (host, reasons, _) = await StartAsync();
        await using var _ = host;

        using (var client = await ConnectAsync(host))
        {
            await SendAsync(client, "41/reasons,");
            Assert.That(await NextReasonAsync(reasons), Is.EqualTo(DisconnectReason.ClientNamespaceDisconnect));
        }

        using (var client = await ConnectAsync(host))
        {
            await SendAsync(client, "42/reasons,[\"kick\"]");
            Assert.That(await NextReasonAsync(reasons), Is.EqualTo(DisconnectReason.ServerNamespaceDisconnect));
        }

        using (var client = await ConnectAsync(host))
        {
            await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
            Assert.That(await NextReasonAsync(reasons), Is.EqualTo(DisconnectReason.TransportClose));
        }

        using (var client = await ConnectAsync(host))
        {
            await SendAsync(client, "42/reasons,{}");
            Assert.That(await NextReasonAsync(reasons), Is.EqualTo(DisconnectReason.ParseError));
        }

        using (var client = await ConnectAsync(host, answerPings: false))
        {
            Assert.That(await NextReasonAsync(reasons), Is.EqualTo(DisconnectReason.PingTimeout));
        }

        using (var client = await ConnectAsync(host))
        {
            var stopping = host.DisposeAsync().AsTask();
            Assert.That(await NextReasonAsync(reasons), Is.EqualTo(DisconnectReason.ServerShuttingDown));
            await stopping.DefaultTimeout(TimeSpan.FromSeconds(30));
        }
    }
}
