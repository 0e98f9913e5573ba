using System.Net;
using System.Text.Json;
using ChatService.Chat;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Api;

public sealed partial class ChatApiTests
{
    private static long[] Ids(JsonElement history) =>
        history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToArray();

    [Test]
    public async Task HistoryReturnsTheLast50OldestFirstInNewMessageShape()
    {
        var stored = await AppendAsync("general", 60);
        await AppendAsync("support", 2);

        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/history/general");

        Assert.That(ApiAssert.PropertyNames(body), Is.EqualTo(new[] { "room_id", "messages", "has_more" }));
        Assert.That(body.GetProperty("room_id").GetString(), Is.EqualTo("general"));
        Assert.That(body.GetProperty("has_more").GetBoolean(), Is.True);
        Assert.That(Ids(body), Is.EqualTo(stored.Skip(10).Select(m => m.Id)));
        var first = body.GetProperty("messages")[0];
        Assert.That(ApiAssert.PropertyNames(first), Is.EqualTo(new[] { "id", "user_id", "username", "message", "room_id", "timestamp", "type" }));
        Assert.That(first.GetProperty("user_id").GetString(), Is.EqualTo("sid-ana"));
        Assert.That(first.GetProperty("username").GetString(), Is.EqualTo("ana"));
        Assert.That(first.GetProperty("message").GetString(), Is.EqualTo("general 10"));
        Assert.That(first.GetProperty("room_id").GetString(), Is.EqualTo("general"));
        Assert.That(first.GetProperty("timestamp").GetString(), Is.EqualTo("2026-03-14T15:30:10.000Z"));
        Assert.That(first.GetProperty("type").GetString(), Is.EqualTo("user"));
    }

    [Test]
    public async Task HistoryCarriesClientIdsAndKinds()
    {
        await AppendAsync("support", 1, clientIdPrefix: "k-");
        await Store.AppendAsync(new NewChatMessage("support", "bot", "Assistente IntegrAção", "Olá!", Now, MessageKind.Bot), CancellationToken.None).DefaultTimeout();

        var messages = (await ApiAssert.GetJsonAsync(Client, "/api/chat/history/support")).GetProperty("messages");

        Assert.That(messages[0].GetProperty("client_id").GetString(), Is.EqualTo("k-0"));
        Assert.That(messages[1].GetProperty("type").GetString(), Is.EqualTo("bot"));
        Assert.That(messages[1].GetProperty("username").GetString(), Is.EqualTo("Assistente IntegrAção"));
    }

    [Test]
    public async Task HistoryOfAnEmptyRoomIsEmpty()
    {
        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/history/offers");

        Assert.That(body.GetProperty("messages").GetArrayLength(), Is.Zero);
        Assert.That(body.GetProperty("has_more").GetBoolean(), Is.False);
    }

    [Test]
    public async Task HistoryPagesBackwardsWithBeforeAndLimit()
    {
        var stored = await AppendAsync("general", 25);

        var pages = new List<long[]>();
        var url = "/api/chat/history/general?limit=10";
        while (true)
        {
            var page = await ApiAssert.GetJsonAsync(Client, url);
            var ids = Ids(page);
            pages.Add(ids);
            if (!page.GetProperty("has_more").GetBoolean())
            {
                break;
            }

            url = $"/api/chat/history/general?limit=10&before={ids[0]}";
        }

        Assert.That(pages.Select(p => p.Length), Is.EqualTo(new[] { 10, 10, 5 }));
        Assert.That(pages.AsEnumerable().Reverse().SelectMany(p => p), Is.EqualTo(stored.Select(m => m.Id)));
    }

    [Test]
    public async Task HistoryAfterReturnsWhatAnAbsentClientMissed()
    {
        var stored = await AppendAsync("general", 12);

        var first = await ApiAssert.GetJsonAsync(Client, $"/api/chat/history/general?after={stored[2].Id}&limit=5");
        var rest = await ApiAssert.GetJsonAsync(Client, $"/api/chat/history/general?after={stored[7].Id}&limit=5");
        var none = await ApiAssert.GetJsonAsync(Client, $"/api/chat/history/general?after={stored[^1].Id}");

        Assert.That(Ids(first), Is.EqualTo(stored.Skip(3).Take(5).Select(m => m.Id)));
        Assert.That(first.GetProperty("has_more").GetBoolean(), Is.True);
        Assert.That(Ids(rest), Is.EqualTo(stored.Skip(8).Select(m => m.Id)));
        Assert.That(rest.GetProperty("has_more").GetBoolean(), Is.False);
        Assert.That(Ids(none), Is.Empty);
    }

    [Test]
    public async Task HistoryLimitMayReachTheMaximum()
    {
        var stored = await AppendAsync("general", 205);

        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/history/general?limit=200");

        Assert.That(Ids(body), Is.EqualTo(stored.Skip(5).Select(m => m.Id)));
        Assert.That(body.GetProperty("has_more").GetBoolean(), Is.True);
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=201", "limit")]
    [TestCase("limit=abc", "limit")]
    [TestCase("limit=-5", "limit")]
    [TestCase("limit=", "limit")]
    [TestCase("before=0", "before")]
    [TestCase("before=-1", "before")]
    [TestCase("before=1.5", "before")]
    [TestCase("after=x", "after")]
    [TestCase("after=99999999999999999999999", "after")]
    [TestCase("before=5&after=2", "not both")]
    public async Task InvalidHistoryParametersAre400WithAClearMessage(string query, string mentioned)
    {
        var detail = await ApiAssert.GetProblemAsync(Client, "/api/chat/history/general?" + query, HttpStatusCode.BadRequest);
        Assert.That(detail, Does.Contain(mentioned));
    }

    [TestCase("Bad%20Room")]
    [TestCase("UPPER")]
    [TestCase("a234567890123456789012345678901234567890123456789012345678901234x")]
    public async Task ARoomIdOutsideThePolicyIs404(string roomId)
    {
        var detail = await ApiAssert.GetProblemAsync(Client, "/api/chat/history/" + roomId, HttpStatusCode.NotFound);
        Assert.That(detail, Does.Contain("No room"));
    }

    [Test]
    public async Task OpenRoomIdsHaveHistoryUnlessThePolicyIsConfiguredOnly()
    {
        await AppendAsync("tech-talk", 2);
        var open = await ApiAssert.GetJsonAsync(Client, "/api/chat/history/tech-talk");
        Assert.That(open.GetProperty("messages").GetArrayLength(), Is.EqualTo(2));

        await _host.DisposeAsync();
        _host = await StartHostAsync(["Chat:RoomPolicy=ConfiguredOnly"]);

        await ApiAssert.GetProblemAsync(Client, "/api/chat/history/tech-talk", HttpStatusCode.NotFound);
        await ApiAssert.GetJsonAsync(Client, "/api/chat/history/general");
    }
}
