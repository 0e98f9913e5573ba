using System.Net;
using System.Text.Json;
using ChatService.Chat;
using ChatService.Tests.Infrastructure;
using ChatService.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatService.Tests.Api;

public sealed partial class ChatApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 30, 0, TimeSpan.Zero);

    private SqliteTestDatabase _database = null!;
    private FakeTimeProvider _time = null!;
    private ApiTestHost _host = null!;

    private HttpClient Client => _host.Client;

    private IMessageStore Store => _host.Services.GetRequiredService<IMessageStore>();

    [SetUp]
    public async Task SetUpAsync()
    {
        _database = new SqliteTestDatabase();
        _time = new FakeTimeProvider(Now);
        _host = await StartHostAsync();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _host.DisposeAsync();
        _database.Dispose();
    }

    private Task<ApiTestHost> StartHostAsync(IEnumerable<string>? settings = null, Action<WebApplicationBuilder>? configure = null) =>
        ApiTestHost.StartAsync(_database.Directory, settings, b =>
        {
            b.Services.AddSingleton<TimeProvider>(_time);
            configure?.Invoke(b);
        });

    private async Task<List<ChatMessage>> AppendAsync(string room, int count, DateTimeOffset? at = null, string? clientIdPrefix = null)
    {
        var stored = new List<ChatMessage>();
        for (var i = 0; i < count; i++)
        {
            stored.Add(await Store.AppendAsync(
                new NewChatMessage(room, "sid-ana", "ana", $"{room} {i}", (at ?? Now).AddSeconds(i), MessageKind.User,
                    clientIdPrefix is null ? null : clientIdPrefix + i),
                CancellationToken.None).DefaultTimeout());
        }

        return stored;
    }

    [Test]
    public async Task RoomsListsTheConfiguredRoomsWithLiveCounts()
    {
        var presence = _host.Services.GetRequiredService<IPresence>();
        presence.Enter(new PresenceEntry("s1", "ana", "support", Now));
        presence.Enter(new PresenceEntry("s2", "bruno", "lounge", Now));

        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/rooms");

        Assert.That(ApiAssert.PropertyNames(body), Is.EqualTo(new[] { "rooms" }));
        var rooms = body.GetProperty("rooms").EnumerateArray().ToList();
        Assert.That(rooms.Select(ApiAssert.PropertyNames), Is.All.EqualTo(new[] { "id", "name", "description", "users_count" }));
        Assert.That(rooms.Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { "general", "support", "offers", "lounge" }));
        Assert.That(rooms[0].GetProperty("name").GetString(), Is.EqualTo("Chat Geral"));
        Assert.That(rooms[0].GetProperty("description").GetString(), Is.EqualTo("Conversa geral da comunidade"));
        Assert.That(rooms.Select(r => r.GetProperty("users_count").GetInt32()), Is.EqualTo(new[] { 0, 1, 0, 1 }));
    }

    [Test]
    public async Task RoomsComeFromConfiguration()
    {
        await _host.DisposeAsync();
        _host = await StartHostAsync(["Chat:Rooms:0:Id=saude", "Chat:Rooms:0:Name=Saúde", "Chat:Rooms:0:Description=Postos e consultas"]);

        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/rooms");

        var room = body.GetProperty("rooms").EnumerateArray().Single();
        Assert.That(room.GetProperty("id").GetString(), Is.EqualTo("saude"));
        Assert.That(room.GetProperty("name").GetString(), Is.EqualTo("Saúde"));
    }

    [Test]
    public async Task AnalyticsHasTheSpecShapeAndCountsFromTheStore()
    {
        await AppendAsync("general", 3, Now.AddMinutes(-10));
        await AppendAsync("support", 2, Now.AddHours(-3));
        _host.Services.GetRequiredService<IPresence>().Enter(new PresenceEntry("s1", "ana", "general", Now));

        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/analytics");

        Assert.That(ApiAssert.PropertyNames(body),
            Is.EqualTo(new[] { "total_messages", "active_users", "total_rooms", "messages_by_room", "hourly_activity" }));
        Assert.That(body.GetProperty("total_messages").GetInt64(), Is.EqualTo(5));
        Assert.That(body.GetProperty("active_users").GetInt32(), Is.EqualTo(1));
        Assert.That(body.GetProperty("total_rooms").GetInt32(), Is.EqualTo(3));
        var byRoom = body.GetProperty("messages_by_room");
        Assert.That(byRoom.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(byRoom.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetInt64()}"), Is.EqualTo(new[] { "general=3", "support=2", "offers=0" }));
        var hourly = body.GetProperty("hourly_activity").EnumerateArray().ToList();
        Assert.That(hourly, Has.Count.EqualTo(24));
        Assert.That(hourly.Select(ApiAssert.PropertyNames), Is.All.EqualTo(new[] { "hour", "messages" }));
        Assert.That(hourly[^1].GetProperty("hour").GetString(), Is.EqualTo("12:00"), "15:30 UTC is 12:30 in São Paulo");
        Assert.That(hourly[^1].GetProperty("messages").GetInt64(), Is.EqualTo(3));
        Assert.That(hourly[^4].GetProperty("hour").GetString(), Is.EqualTo("09:00"));
        Assert.That(hourly[^4].GetProperty("messages").GetInt64(), Is.EqualTo(2));
    }

    [Test]
    public async Task AnalyticsHoursFollowTheConfiguredTimeZone()
    {
        await _host.DisposeAsync();
        _host = await StartHostAsync(["Chat:TimeZone=Europe/Lisbon"]);

        var body = await ApiAssert.GetJsonAsync(Client, "/api/chat/analytics");

        Assert.That(body.GetProperty("hourly_activity")[23].GetProperty("hour").GetString(), Is.EqualTo("15:00"));
    }

    [Test]
    public async Task HistoryAndAnalyticsSurviveARestart()
    {
        await AppendAsync("general", 4, Now.AddMinutes(-5));
        var historyBefore = await Client.GetStringAsync("/api/chat/history/general").DefaultTimeout();
        var analyticsBefore = await Client.GetStringAsync("/api/chat/analytics").DefaultTimeout();
        await _host.DisposeAsync();

        _host = await StartHostAsync();

        Assert.That(File.Exists(Path.Combine(_database.Directory, "chat.db")), "the default file is chat.db under the content root");
        Assert.That(await Client.GetStringAsync("/api/chat/history/general").DefaultTimeout(), Is.EqualTo(historyBefore));
        Assert.That(await Client.GetStringAsync("/api/chat/analytics").DefaultTimeout(), Is.EqualTo(analyticsBefore));
    }

    [Test]
    public async Task AnUnavailableStoreIs503()
    {
        await _host.DisposeAsync();
        _host = await StartHostAsync(configure: b => b.Services.AddSingleton<IMessageStore, UnavailableMessageStore>());

        var history = await ApiAssert.GetProblemAsync(Client, "/api/chat/history/general", HttpStatusCode.ServiceUnavailable);
        var analytics = await ApiAssert.GetProblemAsync(Client, "/api/chat/analytics", HttpStatusCode.ServiceUnavailable);

        Assert.That(history, Does.Contain("try again"));
        Assert.That(analytics, Does.Not.Contain("/"), "no file path leaks to clients");
        var health = await ApiAssert.GetJsonAsync(Client, "/health");
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("healthy"));
    }

    [Test]
    public async Task TheOpenApiDocumentDescribesEveryRouteInSnakeCase()
    {
        var document = await ApiAssert.GetJsonAsync(Client, "/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.That(ApiAssert.PropertyNames(paths), Is.SupersetOf(new[] { "/health", "/api/chat/rooms", "/api/chat/history/{room_id}", "/api/chat/analytics" }));
        var history = paths.GetProperty("/api/chat/history/{room_id}").GetProperty("get");
        Assert.That(history.GetProperty("operationId").GetString(), Is.EqualTo("GetHistory"));
        Assert.That(history.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()),
            Is.EquivalentTo(new[] { "room_id", "limit", "before", "after" }));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.That(ApiAssert.PropertyNames(schemas.GetProperty("HistoryResponse").GetProperty("properties")),
            Is.EquivalentTo(new[] { "room_id", "messages", "has_more" }));
        Assert.That(ApiAssert.PropertyNames(schemas.GetProperty("AnalyticsResponse").GetProperty("properties")),
            Is.EquivalentTo(new[] { "total_messages", "active_users", "total_rooms", "messages_by_room", "hourly_activity" }));
    }
}
