using System.Net;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

public sealed class EngineIOPollingTests
{
    [Test]
    public async Task PostAnswersOkAndThePollReturnsTheEcho()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        using var post = await client.SendRawAsync(HttpMethod.Post, client.Url(sid), "4hello");
        Assert.Multiple(async () =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await post.Content.ReadAsStringAsync().DefaultTimeout(), Is.EqualTo("ok"));
        });

        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "4hello")));
    }

    [Test]
    public async Task PostedBatchComesBackBatchedByteForByte()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        Assert.That(await client.PostAsync(sid, "4a\u001e4b\u001ebAQID"), Is.EqualTo((HttpStatusCode.OK, "ok")));

        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "4a\u001e4b\u001ebAQID")));
    }

    [Test]
    public async Task NonAsciiTextComesBackUnchanged()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        const string payload = "4Olá, ação! 😀\u001e4<b>\"&'</b>";
        Assert.That(await client.PostAsync(sid, payload), Is.EqualTo((HttpStatusCode.OK, "ok")));

        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, payload)));
    }

    [Test]
    public async Task PollWaitsUntilThereIsSomethingToSend()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        var poll = client.PollAsync(sid);
        await Task.Delay(200);
        Assert.That(poll.IsCompleted, Is.False, "the GET must be held while nothing is queued");

        Assert.That(await client.PostAsync(sid, "4late"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        Assert.That(await poll.DefaultTimeout(), Is.EqualTo((HttpStatusCode.OK, "4late")));
    }

    [Test]
    public async Task PollReturns400AndClosesSessionOnConcurrentGet()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);

        // The second GET must reach the server while the first one waits: if it raced ahead, try again
        // with a longer head start for the first.
        foreach (var headStart in new[] { 100, 500, 2000 })
        {
            var (sid, _) = await client.HandshakeAsync();
            var first = client.PollAsync(sid);
            await Task.Delay(headStart);
            var second = await client.SendAsync(HttpMethod.Get, client.Url(sid) + "&t=burst");
            var firstAnswer = await first.DefaultTimeout();
            if (firstAnswer.Status == HttpStatusCode.BadRequest)
            {
                continue;
            }

            Assert.That(firstAnswer, Is.EqualTo((HttpStatusCode.OK, "1")), "the pending GET gets the close packet");
            Assert.That(second.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            await ProtocolAssert.SessionIsGoneAsync(client, sid);
            return;
        }

        Assert.Fail("the first GET never got to wait before the second arrived");
    }

    [Test]
    public async Task CloseFromTheClientReleasesThePendingPollWithNoop()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);

        // The POST must reach the server after the GET: if it raced ahead (the GET then gets 400), try again
        // with a longer head start for the GET.
        foreach (var headStart in new[] { 100, 500, 2000 })
        {
            var (sid, _) = await client.HandshakeAsync();
            var poll = client.PollAsync(sid);
            await Task.Delay(headStart);
            var post = await client.PostAsync(sid, "1");
            var pollAnswer = await poll.DefaultTimeout();
            if (pollAnswer.Status == HttpStatusCode.BadRequest)
            {
                continue;
            }

            Assert.That(post, Is.EqualTo((HttpStatusCode.OK, "ok")));
            Assert.That(pollAnswer, Is.EqualTo((HttpStatusCode.OK, "6")));
            await ProtocolAssert.SessionIsGoneAsync(client, sid);
            return;
        }

        Assert.Fail("the GET never got to wait before the close arrived");
    }

    [Test]
    public async Task PostOverMaxPayloadGets413AndTheSessionIsKept()
    {
        await using var host = await EngineIOEchoHost.StartAsync("EngineIO:MaxPayload=1000");
        using var client = new RawEngineIOClient(host.Address);
        var (sid, open) = await client.HandshakeAsync();
        Assert.That(open.GetProperty("maxPayload").GetInt32(), Is.EqualTo(1000));

        var (status, _) = await client.PostAsync(sid, "4" + new string('x', 2000));
        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        Assert.That(await client.PostAsync(sid, "4small"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "4small")));
    }

    [TestCase("abc")]
    [TestCase("")]
    [TestCase("4ok\u001e")]
    [TestCase("4ok\u001e9nine")]
    [TestCase("b!!not base64!!")]
    [TestCase("2")]
    [TestCase("0{}")]
    [TestCase("5")]
    public async Task InvalidPostClosesTheSessionAndOthersCarryOn(string payload)
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        await client.PostAsync(sid, payload);

        await ProtocolAssert.SessionIsGoneAsync(client, sid);
        await ProtocolAssert.ServerStillWorksAsync(host);
    }

    [Test]
    public async Task BinaryPostBodyClosesTheSession()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, client.Url(sid)) { Content = new ByteArrayContent([0x04, 0x01, 0x02]) };
        request.Content.Headers.ContentType = new("application/octet-stream");
        using var response = await client.Http.SendAsync(request).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await ProtocolAssert.SessionIsGoneAsync(client, sid);
        await ProtocolAssert.ServerStillWorksAsync(host);
    }
}
