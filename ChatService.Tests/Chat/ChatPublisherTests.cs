using System.Text.Json;
using ChatService.Tests.Hardening;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Chat;

/// <summary>A stored message is encoded once: the sender's ack carries the very bytes <c>new_message</c> carried.</summary>
public sealed class ChatPublisherTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await TestHost.StartAsync(["Chat:RateLimit:Enabled=false"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase(null)]
    [TestCase("c-42")]
    public async Task TheAckCarriesTheSameMessageJsonAsNewMessage(string? clientId)
    {
        var room = "p" + Guid.NewGuid().ToString("N")[..12];
        await using var sender = await ChatWire.ConnectAsync(_host.Address);
        await using var member = await ChatWire.ConnectAsync(_host.Address);
        await sender.JoinAsync(room, "Conceição");
        await member.JoinAsync(room, "Gabi");

        var request = new Dictionary<string, string> { ["room_id"] = room, ["message"] = "Olá, ação \"citada\" ✓ 🎉" };
        if (clientId is not null)
        {
            request["client_id"] = clientId;
        }

        await sender.SendTextAsync("427[\"send_message\"," + JsonSerializer.Serialize(request) + "]");
        var ackFrame = await sender.NextTextAsync(t => t.StartsWith("437[", StringComparison.Ordinal));
        var eventFrame = await member.NextTextAsync(t => t.StartsWith("42[\"new_message\"", StringComparison.Ordinal));

        using var ack = JsonDocument.Parse(ackFrame[3..]);
        using var newMessage = JsonDocument.Parse(eventFrame[2..]);
        var ackBody = ack.RootElement[0];
        Assert.That(ackBody.GetProperty("ok").GetBoolean(), Is.True);
        Assert.That(ackBody.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "ok", "message" }));
        var message = newMessage.RootElement[1];
        Assert.That(ackBody.GetProperty("message").GetRawText(), Is.EqualTo(message.GetRawText()), "byte for byte");
        Assert.That(message.GetProperty("message").GetString(), Is.EqualTo("Olá, ação \"citada\" ✓ 🎉"));
        Assert.That(message.GetProperty("username").GetString(), Is.EqualTo("Conceição"));
        Assert.That(message.GetProperty("room_id").GetString(), Is.EqualTo(room));
        Assert.That(message.GetProperty("type").GetString(), Is.EqualTo("user"));
        Assert.That(message.TryGetProperty("client_id", out var sentClientId) ? sentClientId.GetString() : null, Is.EqualTo(clientId));
        Assert.That(newMessage.RootElement[2].GetString(), Is.EqualTo(message.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "the recovery offset follows the message");
        Assert.That(eventFrame, Does.Contain("Olá, ação"), "non-ASCII text is sent as UTF-8, not escaped");
    }
}
