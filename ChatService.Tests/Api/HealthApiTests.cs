using ChatService.Chat;
using ChatService.Tests.Infrastructure;
using ChatService.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatService.Tests.Api;

public sealed class HealthApiTests
{
    private SqliteTestDatabase _database = null!;

    [SetUp]
    public void SetUp() => _database = new SqliteTestDatabase();

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task HealthReportsTheServiceWithLiveCounts()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 15, 30, 0, 123, TimeSpan.Zero));
        await using var host = await ApiTestHost.StartAsync(_database.Directory, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var presence = host.Services.GetRequiredService<IPresence>();
        presence.Enter(new PresenceEntry("s1", "ana", "general", time.GetUtcNow()));
        presence.Enter(new PresenceEntry("s2", "bruno", "general", time.GetUtcNow()));
        presence.Enter(new PresenceEntry("s3", "carla", "support", time.GetUtcNow()));

        var health = await ApiAssert.GetJsonAsync(host.Client, "/health");

        Assert.That(ApiAssert.PropertyNames(health), Is.EqualTo(new[] { "status", "service", "timestamp", "active_users", "active_rooms" }));
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(health.GetProperty("service").GetString(), Is.EqualTo("IntegrAção Chat Service"));
        Assert.That(health.GetProperty("timestamp").GetString(), Is.EqualTo("2026-03-14T15:30:00.123Z"));
        Assert.That(health.GetProperty("active_users").GetInt32(), Is.EqualTo(3));
        Assert.That(health.GetProperty("active_rooms").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task NonAsciiLettersAreWrittenAsThemselves()
    {
        await using var host = await ApiTestHost.StartAsync(_database.Directory);
        var body = await host.Client.GetStringAsync("/health").DefaultTimeout();
        Assert.That(body, Does.Contain("\"service\":\"IntegrAção Chat Service\""));
    }
}
