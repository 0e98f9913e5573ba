using System.Net;

namespace ChatService.Tests.Infrastructure;

/// <summary>Assertions shared by the Engine.IO protocol tests.</summary>
public static class ProtocolAssert
{
    /// <summary>
    /// A well-behaved client still gets full service from the echo endpoint: a polling session echoes a
    /// message, and so does a WebSocket session. Used after every bad-input case.
    /// </summary>
    public static async Task ServerStillWorksAsync(TestHost host)
    {
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();
        Assert.That(await client.PostAsync(sid, "4still here"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "4still here")));

        await using var socket = await client.ConnectWebSocketAsync();
        Assert.That(await socket.ReceiveTextAsync(), Does.StartWith("0{"));
        await socket.SendTextAsync("4still here");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4still here"));
    }

    /// <summary>The session is gone: a GET with its sid gets 400 <c>{"code":1,...}</c>.</summary>
    public static async Task SessionIsGoneAsync(RawEngineIOClient client, string sid)
    {
        var (status, body) = await client.PollAsync(sid);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(RawEngineIOClient.ParseError(body).Code, Is.EqualTo(1), body);
    }
}
