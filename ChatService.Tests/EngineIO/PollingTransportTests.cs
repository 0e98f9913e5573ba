using System.Text;
using ChatService.EngineIO;
using ChatService.EngineIO.Transports;
using ChatService.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatService.Tests.EngineIO;

/// <summary>
/// A client may send its next GET or POST (on another connection) as soon as it has read the previous answer: the
/// server must not still count the previous request as pending while it finishes writing that answer. The answer's
/// write is held open here, so the moment between "answer sent" and "request handler done" is as long as the test
/// needs.
/// </summary>
public sealed class PollingTransportTests
{
    /// <summary>A response body whose writes wait until <see cref="Release"/>: the client has the bytes, the server has not moved on.</summary>
    private sealed class HeldResponseBody : MemoryStream
    {
        private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Writing => _writing.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            _writing.TrySetResult();
            await _released.Task.DefaultTimeout();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private RecordingEngineIOHandler _handler = null!;
    private EngineIOServer _server = null!;

    [SetUp]
    public void SetUp()
    {
        _handler = new RecordingEngineIOHandler();
        _server = new EngineIOServer(new EngineIOOptions(), _handler, TimeProvider.System, NullLogger<EngineIOServer>.Instance);
    }

    private static DefaultHttpContext Get(Stream responseBody) => new() { Response = { Body = responseBody } };

    private static DefaultHttpContext Post(string payload, Stream responseBody)
    {
        var context = new DefaultHttpContext { Response = { Body = responseBody } };
        var body = Encoding.UTF8.GetBytes(payload);
        context.Request.Method = "POST";
        context.Request.ContentType = "text/plain;charset=UTF-8";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body);
        return context;
    }

    private static string Text(MemoryStream body) => Encoding.UTF8.GetString(body.ToArray());

    /// <summary>The request got its answer, and the session lives on: it was not taken for a concurrent one.</summary>
    private static void AssertServed(DefaultHttpContext context, MemoryStream body, string expected, EngineIOSession session)
    {
        Assert.That(context.Response.StatusCode, Is.EqualTo(200), Text(body));
        Assert.That(Text(body), Is.EqualTo(expected));
        Assert.That(session.IsClosed, Is.False, "a request sent after the previous answer is not a concurrent one");
    }

    [Test]
    public async Task TheNextGetIsServedWhileThePreviousAnswerIsStillBeingWritten()
    {
        var session = await _server.OpenPollingSessionAsync();
        session.TrySend(OutboundMessage.Text("4first"u8.ToArray()));
        var held = new HeldResponseBody();
        var firstPoll = PollingTransport.PollAsync(Get(held), session);
        await held.Writing.DefaultTimeout();

        session.TrySend(OutboundMessage.Text("4second"u8.ToArray()));
        var secondBody = new MemoryStream();
        var second = Get(secondBody);
        await PollingTransport.PollAsync(second, session).DefaultTimeout();

        AssertServed(second, secondBody, "4second", session);

        held.Release();
        await firstPoll.DefaultTimeout();
        Assert.That(Text(held), Is.EqualTo("4first"));
    }

    [Test]
    public async Task TheNextPostIsServedWhileThePreviousOkIsStillBeingWritten()
    {
        var session = await _server.OpenPollingSessionAsync();
        var held = new HeldResponseBody();
        var firstPost = PollingTransport.PostAsync(Post("4one", held), session);
        await held.Writing.DefaultTimeout();

        var secondBody = new MemoryStream();
        var second = Post("4two", secondBody);
        await PollingTransport.PostAsync(second, session).DefaultTimeout();

        AssertServed(second, secondBody, "ok", session);

        held.Release();
        await firstPost.DefaultTimeout();
        Assert.That(_handler.Messages, Is.EqualTo(new[] { "text one", "text two" }));
    }

    [Test]
    public async Task AGetWhileOneIsStillWaitingClosesTheSession()
    {
        var session = await _server.OpenPollingSessionAsync();
        var firstBody = new MemoryStream();
        var firstPoll = PollingTransport.PollAsync(Get(firstBody), session);

        var secondBody = new MemoryStream();
        var second = Get(secondBody);
        await PollingTransport.PollAsync(second, session).DefaultTimeout();
        await firstPoll.DefaultTimeout();

        Assert.That(second.Response.StatusCode, Is.EqualTo(400));
        Assert.That(session.IsClosed, Is.True);
        Assert.That(Text(firstBody), Is.EqualTo("1"), "the pending GET gets the close packet");
    }
}
