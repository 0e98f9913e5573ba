using System.Net;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

public sealed class EngineIOShutdownTests
{
    [Test]
    public async Task StoppingTheHostSendsCloseToPendingPollsAndWebSockets()
    {
        var host = await EngineIOEchoHost.StartAsync();
        Task? stopping = null;
        try
        {
            using var client = new RawEngineIOClient(host.Address);
            var (sid, _) = await client.HandshakeAsync();
            await using var socket = await client.ConnectWebSocketAsync();
            await socket.ReceiveTextAsync();
            var poll = client.PollAsync(sid);
            await Task.Delay(200);
            Assert.That(poll.IsCompleted, Is.False);

            stopping = host.DisposeAsync().AsTask();

            Assert.That(await poll.DefaultTimeout(), Is.EqualTo((HttpStatusCode.OK, "1")));
            var frames = await socket.ReadUntilClosedAsync();
            Assert.That(frames.Select(f => f.ToString()), Is.EqualTo(new[] { "text '1'", "close NormalClosure" }));
        }
        finally
        {
            await (stopping ?? host.DisposeAsync().AsTask()).DefaultTimeout(TimeSpan.FromSeconds(30));
        }
    }
}
