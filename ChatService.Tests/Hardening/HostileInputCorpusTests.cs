using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Hardening;

/// <summary>
/// Malformed and hostile input at every layer of the chat host, one case per line. Each asserts the expected
/// error, whether the connection is closed or kept, that nothing was stored, and that a well-behaved client
/// (and a bystander already in the room) is unaffected.
/// </summary>
[NonParallelizable]
public sealed class HostileInputCorpusTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await TestHost.StartAsync(["Chat:RateLimit:Enabled=false", "SocketIO:ConnectTimeout=00:00:02"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private static string NewRoom() => "c" + Guid.NewGuid().ToString("N")[..12];

    // ---- Chat payloads: rejected with an error, connection kept, nothing stored ----------------------------

    public static IEnumerable<TestCaseData> BadSends()
    {
        TestCaseData Case(string name, string args, string code) => new TestCaseData(args, code).SetName("Send_" + name);
        yield return Case("Number", "123", "invalid_payload");
        yield return Case("String", "\"hello\"", "invalid_payload");
        yield return Case("Array", "[{\"room_id\":\"ROOM\",\"message\":\"x\"}]", "invalid_payload");
        yield return Case("Null", "null", "invalid_payload");
        yield return Case("NoArgument", "", "invalid_payload");
        yield return Case("MessageNumber", "{\"room_id\":\"ROOM\",\"message\":123}", "invalid_payload");
        yield return Case("MessageNull", "{\"room_id\":\"ROOM\",\"message\":null}", "invalid_payload");
        yield return Case("MessageArray", "{\"room_id\":\"ROOM\",\"message\":[\"a\"]}", "invalid_payload");
        yield return Case("MessageObject", "{\"room_id\":\"ROOM\",\"message\":{\"$gt\":\"\"}}", "invalid_payload");
        yield return Case("RoomNumber", "{\"room_id\":1,\"message\":\"x\"}", "invalid_payload");
        yield return Case("OtherRoom", "{\"room_id\":\"general\",\"message\":\"x\"}", "not_in_room");
        yield return Case("TraversalRoom", "{\"room_id\":\"../ROOM\",\"message\":\"x\"}", "not_in_room");
        yield return Case("Empty", "{\"room_id\":\"ROOM\",\"message\":\"\"}", "empty_message");
        yield return Case("Whitespace", "{\"room_id\":\"ROOM\",\"message\":\"  \\t\\r\\n  \"}", "empty_message");
        yield return Case("OnlyInvisible", "{\"room_id\":\"ROOM\",\"message\":\"\\u200B\\u200E\\u202E\\u2066\\uFEFF\"}", "empty_message");
        yield return Case("OnlyControl", "{\"room_id\":\"ROOM\",\"message\":\"\\u0000\\u0001\\u001b\\u007f\"}", "empty_message");
        yield return Case("TooLong", "{\"room_id\":\"ROOM\",\"message\":\"" + new string('a', 2001) + "\"}", "message_too_long");
        yield return Case("Huge", "{\"room_id\":\"ROOM\",\"message\":\"" + new string('é', 200_000) + "\"}", "message_too_long");
        yield return Case("EmptyClientId", "{\"room_id\":\"ROOM\",\"message\":\"x\",\"client_id\":\"\"}", "invalid_payload");
        yield return Case("LongClientId", "{\"room_id\":\"ROOM\",\"message\":\"x\",\"client_id\":\"" + new string('k', 101) + "\"}", "invalid_payload");
        yield return Case("NumberClientId", "{\"room_id\":\"ROOM\",\"message\":\"x\",\"client_id\":5}", "invalid_payload");
    }

    [TestCaseSource(nameof(BadSends))]
    public async Task ABadSendIsRejectedKeepsTheConnectionAndStoresNothing(string args, string code)
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using var sender = await JoinedAsync(room, "Sender");

        var ack = await sender.CallAsync("send_message", args.Replace("ROOM", room, StringComparison.Ordinal));
        Assert.That(ack.GetProperty("ok").GetBoolean(), Is.False, ack.ToString());
        Assert.That(ack.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo(code));
        var error = await sender.NextEventAsync("error");
        Assert.That(error[1].GetProperty("code").GetString(), Is.EqualTo(code));

        // Kept: the same connection still posts; the bystander's first message is that one.
        var ok = await sender.SendMessageAsync(room, "valid after bad");
        Assert.That(ok.GetProperty("ok").GetBoolean(), Is.True, ok.ToString());
        Assert.That((await bystander.NextEventAsync("new_message"))[1].GetProperty("message").GetString(), Is.EqualTo("valid after bad"));
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.EqualTo(new[] { "valid after bad" }));
    }

    public static IEnumerable<TestCaseData> BadJoins()
    {
        TestCaseData Case(string name, string args, string code) => new TestCaseData(args, code).SetName("Join_" + name);
        yield return Case("Traversal", "{\"room_id\":\"../etc/passwd\",\"username\":\"a\"}", "invalid_room");
        yield return Case("EncodedSlash", "{\"room_id\":\"a%2Fb\",\"username\":\"a\"}", "invalid_room");
        yield return Case("Upper", "{\"room_id\":\"GENERAL\",\"username\":\"a\"}", "invalid_room");
        yield return Case("LongRoom", "{\"room_id\":\"" + new string('r', 65) + "\",\"username\":\"a\"}", "invalid_room");
        yield return Case("EmptyRoom", "{\"room_id\":\"\",\"username\":\"a\"}", "invalid_room");
        yield return Case("Html", "{\"room_id\":\"<script>\",\"username\":\"a\"}", "invalid_room");
        yield return Case("RoomObject", "{\"room_id\":{},\"username\":\"a\"}", "invalid_payload");
        yield return Case("EmptyName", "{\"room_id\":\"general\",\"username\":\"\"}", "invalid_username");
        yield return Case("InvisibleName", "{\"room_id\":\"general\",\"username\":\"\\u200B\\u202E\"}", "invalid_username");
        yield return Case("LongName", "{\"room_id\":\"general\",\"username\":\"" + new string('n', 51) + "\"}", "invalid_username");
        yield return Case("BidiBot", "{\"room_id\":\"general\",\"username\":\"\\u202Ebot\"}", "invalid_username");
        yield return Case("NameArray", "{\"room_id\":\"general\",\"username\":[\"a\"]}", "invalid_payload");
        yield return Case("Array", "[]", "invalid_payload");
        yield return Case("Number", "7", "invalid_payload");
    }

    [TestCaseSource(nameof(BadJoins))]
    public async Task ABadJoinIsRejectedAndTheConnectionStaysInItsRoom(string args, string code)
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using var client = await JoinedAsync(room, "Client");
        var ack = await client.CallAsync("join_room", args);
        Assert.That(ack.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo(code), ack.ToString());
        var ok = await client.SendMessageAsync(room, "still here");
        Assert.That(ok.GetProperty("message").GetProperty("username").GetString(), Is.EqualTo("Client"));
        Assert.That((await bystander.NextEventAsync("new_message"))[1].GetProperty("message").GetString(), Is.EqualTo("still here"));
    }

    // ---- Text that is stored: sanitized, kept as text, never interpreted ------------------------------------

    [TestCase("<script>alert(\"x\")</script>", "<script>alert(\"x\")</script>")]
    [TestCase("<img src=x onerror=alert(1)>&amp; \\ / </script><!--", "<img src=x onerror=alert(1)>&amp; \\ / </script><!--")]
    [TestCase("{\"json\":[1,2]}\u2029'; DROP TABLE messages;--", "{\"json\":[1,2]}'; DROP TABLE messages;--")]
    [TestCase("a\u200Bb\u202Ec\u2066d\u00ADe", "abcde")]
    [TestCase("linha 1\r\nlinha 2\rlinha 3\u2028fim", "linha 1\nlinha 2\nlinha 3fim")]
    [TestCase("👩‍💻 Olá, ação! 😀", "👩‍💻 Olá, ação! 😀")]
    [TestCase("\u0007bell\u001b[31mred", "bell[31mred")]
    public async Task TextIsStoredSanitizedAndRoundTripsExactlyThroughJson(string sent, string stored)
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using var sender = await JoinedAsync(room, "Sender");
        var ack = await sender.SendMessageAsync(room, sent);
        Assert.That(ack.GetProperty("message").GetProperty("message").GetString(), Is.EqualTo(stored));
        Assert.That((await bystander.NextEventAsync("new_message"))[1].GetProperty("message").GetString(), Is.EqualTo(stored));
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.EqualTo(new[] { stored }));

        using var http = new HttpClient { BaseAddress = _host.Address };
        using var response = await http.GetAsync($"/api/chat/history/{room}").DefaultTimeout();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), "served as data, never as HTML");
    }

    [Test]
    public async Task AUsernameWithBidiAndZeroWidthCharactersIsCleaned()
    {
        var room = NewRoom();
        await using var client = await ChatWire.ConnectAsync(_host.Address);
        await client.CallAsync("join_room", JsonSerializer.Serialize(new { room_id = room, username = "\u202EMa\u200Bria\u0000" }));
        Assert.That((await client.NextEventAsync("room_joined"))[1].GetProperty("username").GetString(), Is.EqualTo("Maria"));
    }

    // ---- Socket.IO and Engine.IO frames: the connection is closed, nothing is stored -------------------------

    public static IEnumerable<TestCaseData> ClosingFrames()
    {
        TestCaseData Case(string name, string frame) => new TestCaseData(frame).SetName("Frame_" + name);
        yield return Case("BrokenJson", "42[\"send_message\",{\"room_id\":\"ROOM\",\"message\":\"x\"}");
        yield return Case("TrailingGarbage", "42[\"send_message\",{\"room_id\":\"ROOM\",\"message\":\"x\"}]]");
        yield return Case("Deep40", "42[\"send_message\"," + new string('[', 40) + new string(']', 40) + "]");
        yield return Case("Deep100k", "42[\"send_message\"," + new string('[', 100_000) + new string(']', 100_000) + "]");
        yield return Case("UnknownSocketIOType", "47[\"send_message\"]");
        yield return Case("ConnectErrorFromClient", "44{\"message\":\"x\"}");
        yield return Case("HugeAckId", "421234567890123456[\"send_message\",{\"room_id\":\"ROOM\",\"message\":\"x\"}]");
        yield return Case("AckWithoutId", "43[\"x\"]");
        yield return Case("TooManyAttachments", "4511-[\"send_message\",{}]");
        yield return Case("AttachmentCountNotANumber", "45x-[\"send_message\",{}]");
        yield return Case("ZeroAttachments", "450-[\"send_message\",{}]");
        yield return Case("ReservedEvent", "42[\"disconnect\"]");
        yield return Case("EventNameObject", "42[{\"a\":1}]");
        yield return Case("EmptyArray", "42[]");
        yield return Case("ObjectNotArray", "42{\"send_message\":1}");
        yield return Case("UnjoinedNamespace", "42/admin,[\"send_message\",{\"room_id\":\"ROOM\",\"message\":\"x\"}]");
        yield return Case("SecondConnect", "40");
        yield return Case("HugeNamespace", "40/" + new string('n', 300) + ",");
        yield return Case("EngineIOUnknownType", "7");
        yield return Case("EngineIOEmpty", "");
        yield return Case("EngineIOOpen", "0{}");
        yield return Case("EngineIOUpgrade", "5");
        yield return Case("EngineIOClientPing", "2");
        yield return Case("EngineIOBadBase64", "b!!!");
        yield return Case("EngineIOClose", "1");
    }

    [TestCaseSource(nameof(ClosingFrames))]
    public async Task ABadFrameClosesOnlyThatConnectionAndStoresNothing(string frame)
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using var attacker = await JoinedAsync(room, "Attacker");
        await attacker.SendTextAsync(frame.Replace("ROOM", room, StringComparison.Ordinal));
        Assert.That(await attacker.WaitClosedAsync(), Is.True, "the connection is closed");
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.Empty);
        await ChatAssert.ChatStillWorksAsync(_host, room, bystander);
    }

    [Test]
    public async Task PlaceholdersOutOfRangeOrWrongAttachmentCountsClose()
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using (var outOfRange = await JoinedAsync(room, "A"))
        {
            await outOfRange.SendTextAsync($"451-[\"send_message\",{{\"room_id\":\"{room}\",\"message\":{{\"_placeholder\":true,\"num\":5}}}}]");
            await outOfRange.SendAsync([1, 2, 3], WebSocketMessageType.Binary);
            Assert.That(await outOfRange.WaitClosedAsync(), Is.True);
        }

        await using (var textWhileWaiting = await JoinedAsync(room, "B"))
        {
            await textWhileWaiting.SendTextAsync("452-[\"send_message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            await textWhileWaiting.SendAsync([1], WebSocketMessageType.Binary);
            await textWhileWaiting.SendTextAsync($"42[\"send_message\",{{\"room_id\":\"{room}\",\"message\":\"x\"}}]");
            Assert.That(await textWhileWaiting.WaitClosedAsync(), Is.True);
        }

        await using (var stray = await JoinedAsync(room, "C"))
        {
            await stray.SendAsync([9, 9], WebSocketMessageType.Binary);
            Assert.That(await stray.WaitClosedAsync(), Is.True);
        }

        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.Empty);
        await ChatAssert.ChatStillWorksAsync(_host, room, bystander);
    }

    [Test]
    public async Task InvalidUtf8InATextFrameClosesTheConnectionAndStoresNothing()
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using var attacker = await JoinedAsync(room, "Attacker");
        var bytes = Encoding.UTF8.GetBytes($"421[\"send_message\",{{\"room_id\":\"{room}\",\"message\":\"AB\"}}]");
        var at = Array.IndexOf(bytes, (byte)'A');
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xC3;
        await attacker.SendAsync(bytes, WebSocketMessageType.Text);
        Assert.That(await attacker.WaitClosedAsync(), Is.True);
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.Empty);
        await ChatAssert.ChatStillWorksAsync(_host, room, bystander);
    }

    /// <summary>
    /// Over polling the body is not decoded as text first: invalid UTF-8 inside a JSON string reaches the chat,
    /// which refuses the payload (Node would store U+FFFD instead). The session is kept.
    /// </summary>
    [Test]
    public async Task InvalidUtf8InAPollingBodyIsRejectedAndStoresNothing()
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        using var polling = new RawEngineIOClient(_host.Address, "/socket.io/");
        var sid = await JoinOverPollingAsync(polling, room);
        var body = Encoding.UTF8.GetBytes($"422[\"send_message\",{{\"room_id\":\"{room}\",\"message\":\"AB\"}}]");
        body[Array.IndexOf(body, (byte)'A')] = 0xFF;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/plain") { CharSet = "UTF-8" };
        using (var response = await polling.Http.PostAsync(polling.Url(sid), content).DefaultTimeout())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await PollUntilAsync(polling, sid, "432[{\"ok\":false,\"error\":{\"code\":\"invalid_payload\"");
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.Empty);
        await ChatAssert.ChatStillWorksAsync(_host, room, bystander);
    }

    [Test]
    public async Task TextAfterACloseInTheSamePollingBodyIsIgnored()
    {
        var room = NewRoom();
        using var polling = new RawEngineIOClient(_host.Address, "/socket.io/");
        var sid = await JoinOverPollingAsync(polling, room);
        var (status, _) = await polling.PostAsync(sid, $"1\u001e42[\"send_message\",{{\"room_id\":\"{room}\",\"message\":\"after close\"}}]");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        await WaitSessionGoneAsync(polling, sid);
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.Empty);
    }

    [Test]
    public async Task EventsBeforeConnectCloseTheConnection()
    {
        var room = NewRoom();
        await using var bystander = await JoinedAsync(room, "Bystander");
        await using var early = await ChatWire.OpenAsync(_host.Address);
        await early.SendTextAsync($"42[\"send_message\",{{\"room_id\":\"{room}\",\"message\":\"x\"}}]");
        Assert.That(await early.WaitClosedAsync(), Is.True);
        Assert.That(await ChatAssert.HistoryAsync(_host, room), Is.Empty);
        await ChatAssert.ChatStillWorksAsync(_host, room, bystander);
    }

    [Test]
    public async Task AnUnknownNamespaceIsRefusedAndTheConnectionKept()
    {
        await using var wire = await ChatWire.OpenAsync(_host.Address);
        await wire.SendTextAsync("40/nope,");
        Assert.That(await wire.NextTextAsync(), Is.EqualTo("44/nope,{\"message\":\"Invalid namespace\"}"));
        Assert.That(await wire.ConnectNamespaceAsync(), Does.StartWith("40{"));
    }

    [Test]
    public async Task AWebSocketMessageOverMaxPayloadIsClosedWith1009()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:MaxPayload=10000"]);
        await using var wire = await ChatWire.ConnectAsync(host.Address);
        await wire.SendTextAsync("42[\"send_message\",{\"message\":\"" + new string('a', 20_000) + "\"}]");
        Assert.That(await wire.WaitClosedAsync(), Is.True);
        await ChatAssert.ChatStillWorksAsync(host);
    }

    // ---- HTTP query strings and REST paths: 4xx with a clear answer, never 5xx --------------------------------

    [TestCase("/socket.io/?EIO=4&EIO=4&transport=polling", 5)]
    [TestCase("/socket.io/?EIO=44444444444444444444&transport=polling", 5)]
    [TestCase("/socket.io/?EIO=%00&transport=polling", 5)]
    [TestCase("/socket.io/?EIO=4&transport=polling&transport=websocket", 0)]
    [TestCase("/socket.io/?EIO=4&transport=POLLING", 0)]
    [TestCase("/socket.io/?EIO=4&transport=polling&sid=a&sid=b", 1)]
    [TestCase("/socket.io/?EIO=4&transport=polling&sid=..%2F..%2Fetc%2Fpasswd", 1)]
    [TestCase("/socket.io/?EIO=4&transport=polling&sid=%00%FF%FE", 1)]
    public async Task OddEngineIOQueriesGet400WithTheErrorJson(string url, int code)
    {
        using var http = new HttpClient { BaseAddress = _host.Address };
        using var response = await http.GetAsync(url).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(RawEngineIOClient.ParseError(await response.Content.ReadAsStringAsync().DefaultTimeout()).Code, Is.EqualTo(code));
    }

    [Test]
    public async Task AHugeSidIsUnknown()
    {
        using var http = new HttpClient { BaseAddress = _host.Address };
        using var response = await http.GetAsync("/socket.io/?EIO=4&transport=polling&sid=" + new string('s', 6000)).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await ChatAssert.ChatStillWorksAsync(_host);
    }

    [TestCase("/api/chat/history/%2e%2e", HttpStatusCode.NotFound)]
    [TestCase("/api/chat/history/general%2F..%2Fsupport", HttpStatusCode.NotFound)]
    [TestCase("/api/chat/history/general%00", HttpStatusCode.BadRequest)]
    [TestCase("/api/chat/history/%E2%80%AEgeneral", HttpStatusCode.NotFound)]
    [TestCase("/api/chat/history/%3Cscript%3E", HttpStatusCode.NotFound)]
    [TestCase("/api/chat/history/general?limit=99999999999999999999", HttpStatusCode.BadRequest)]
    [TestCase("/api/chat/history/general?limit=1e3", HttpStatusCode.BadRequest)]
    [TestCase("/api/chat/history/general?limit=%2B5", HttpStatusCode.BadRequest)]
    [TestCase("/api/chat/history/general?before=-9223372036854775808", HttpStatusCode.BadRequest)]
    [TestCase("/api/chat/history/general?after=-1", HttpStatusCode.BadRequest)]
    [TestCase("/api/chat/history/general?before=9223372036854775807", HttpStatusCode.OK)]
    public async Task OddRestPathsAndParametersGetAClearAnswer(string url, HttpStatusCode expected)
    {
        using var http = new HttpClient { BaseAddress = _host.Address };
        using var response = await http.GetAsync(url).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task AHugeRoomIdInTheRestPathIs404()
    {
        using var http = new HttpClient { BaseAddress = _host.Address };
        using var response = await http.GetAsync("/api/chat/history/" + new string('r', 5000)).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/socket.io/../../../../etc/passwd")]
    [TestCase("/api/chat/history/../../../../etc/passwd")]
    [TestCase("/socket.io/%2e%2e/%2e%2e/etc/passwd?EIO=4&transport=polling")]
    public async Task DotSegmentsNeverReachAFile(string path)
    {
        // Sent raw: HttpClient would resolve the dot segments itself.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.Address.Port).DefaultTimeout();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).AsTask().DefaultTimeout();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().DefaultTimeout();
        Assert.That(response, Does.StartWith("HTTP/1.1 4"));
        Assert.That(response, Does.Not.Contain("root:"));
        await ChatAssert.ChatStillWorksAsync(_host);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private async Task<ChatWire> JoinedAsync(string room, string username)
    {
        var wire = await ChatWire.ConnectAsync(_host.Address);
        var ack = await wire.JoinAsync(room, username);
        Assert.That(ack.GetProperty("ok").GetBoolean(), Is.True, ack.ToString());
        return wire;
    }

    /// <summary>A polling session that joined the main namespace and <paramref name="room"/>.</summary>
    private static async Task<string> JoinOverPollingAsync(RawEngineIOClient polling, string room)
    {
        var (sid, _) = await polling.HandshakeAsync();
        await polling.PostAsync(sid, "40");
        await PollUntilAsync(polling, sid, "42[\"connected\"");
        await polling.PostAsync(sid, $"421[\"join_room\",{{\"room_id\":\"{room}\",\"username\":\"Poller\"}}]");
        await PollUntilAsync(polling, sid, "431[{\"ok\":true");
        return sid;
    }

    private static async Task PollUntilAsync(RawEngineIOClient polling, string sid, string expected)
    {
        for (var i = 0; i < 20; i++)
        {
            var (status, body) = await polling.PollAsync(sid);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
            if (body.Split(RawEngineIOClient.Separator).Any(p => p.StartsWith(expected, StringComparison.Ordinal)))
            {
                return;
            }
        }

        Assert.Fail("never received " + expected);
    }

    private static async Task WaitSessionGoneAsync(RawEngineIOClient polling, string sid)
    {
        for (var i = 0; i < 20; i++)
        {
            var (status, _) = await polling.PollAsync(sid);
            if (status == HttpStatusCode.BadRequest)
            {
                return;
            }
        }

        Assert.Fail("the session stayed open");
    }
}
