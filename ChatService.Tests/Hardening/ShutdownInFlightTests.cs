using System.Text.Json;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Hardening;

/// <summary>
/// The host stops while a client has many sends in flight. Clients get a close; afterwards every acknowledged
/// message is in history, nothing was broadcast that is not stored, nothing is stored twice, and a resend of
/// every unacknowledged message (with its <c>client_id</c>) after the restart completes it exactly once.
/// </summary>
[NonParallelizable]
public sealed class ShutdownInFlightTests
{
    private const int Sends = 150;
    private const string Room = "shutdown";

    [Test]
    public async Task InFlightMessagesAreStoredAndDeliveredOrRejectedNeverHalfDone()
    {
        using var folder = new TemporaryDirectory();
        string[] settings = [$"Storage:SqlitePath={Path.Combine(folder.Path, "chat.db")}", "Chat:RateLimit:Enabled=false"];

        var host = await TestHost.StartAsync(settings);
        List<string> senderFrames, observerFrames;
        try
        {
            await using var observer = await ChatWire.ConnectAsync(host.Address);
            await observer.JoinAsync(Room, "Observer");
            await using var sender = await ChatWire.ConnectAsync(host.Address);
            await sender.JoinAsync(Room, "Ana");

            Task? stopping = null;
            for (var i = 0; i < Sends; i++)
            {
                if (i == Sends / 3)
                {
                    // Some are through (their ack arrived; the frame stays for the count below), many are in flight.
                    sender.Requeue(await sender.NextTextAsync(f => f.StartsWith("431010[", StringComparison.Ordinal)));
                    stopping = Task.Run(async () => await host.DisposeAsync());
                }

                try
                {
                    var payload = JsonSerializer.Serialize(new { room_id = Room, message = "m" + i, client_id = "c" + i });
                    await sender.SendTextAsync($"42{1000 + i}[\"send_message\",{payload}]");
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or TimeoutException)
                {
                    break;
                }
            }

            await stopping!.DefaultTimeout(TimeSpan.FromSeconds(40));
            senderFrames = await sender.DrainUntilClosedAsync(TimeSpan.FromSeconds(20));
            observerFrames = await observer.DrainUntilClosedAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await host.DisposeAsync();
        }

        var acked = senderFrames.Where(f => f.StartsWith("43", StringComparison.Ordinal)).Select(AckedClientId).OfType<string>().ToHashSet();
        var broadcast = observerFrames.Where(f => f.StartsWith("42[\"new_message\"", StringComparison.Ordinal)).Select(BroadcastClientId).ToList();

        await using var restarted = await TestHost.StartAsync(settings);
        var stored = await StoredClientIdsAsync(restarted);
        Assert.That(stored, Is.Unique, "nothing stored twice");
        Assert.That(acked, Is.SubsetOf(stored), "every acknowledged message is stored");
        Assert.That(broadcast, Is.SubsetOf(stored), "nothing broadcast that is not stored");
        Assert.That(broadcast, Is.Unique);

        // The client completes what it never saw acknowledged: each resend is stored at most once.
        await using var resender = await ChatWire.ConnectAsync(restarted.Address);
        await resender.JoinAsync(Room, "Ana");
        for (var i = 0; i < Sends; i++)
        {
            if (!acked.Contains("c" + i))
            {
                var ack = await resender.CallAsync("send_message", JsonSerializer.Serialize(new { room_id = Room, message = "m" + i, client_id = "c" + i }));
                Assert.That(ack.GetProperty("ok").GetBoolean(), Is.True, ack.ToString());
                Assert.That(ack.GetProperty("message").GetProperty("message").GetString(), Is.EqualTo("m" + i));
            }
        }

        var final = await StoredClientIdsAsync(restarted);
        Assert.That(final, Is.EquivalentTo(Enumerable.Range(0, Sends).Select(i => "c" + i)), "every message exactly once");
        TestContext.Out.WriteLine($"acked before the stop: {acked.Count}, broadcast: {broadcast.Count}, stored: {stored.Count}, completed by resend: {Sends - acked.Count}");
    }

    private static string? AckedClientId(string frame)
    {
        using var document = JsonDocument.Parse(frame[frame.IndexOf('[', StringComparison.Ordinal)..]);
        var ack = document.RootElement[0];
        return ack.GetProperty("ok").GetBoolean() ? ack.GetProperty("message").GetProperty("client_id").GetString() : null;
    }

    private static string BroadcastClientId(string frame)
    {
        using var document = JsonDocument.Parse(frame[2..]);
        return document.RootElement[1].GetProperty("client_id").GetString()!;
    }

    private static async Task<List<string>> StoredClientIdsAsync(TestHost host)
    {
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.GetAsync($"/api/chat/history/{Room}?limit=200").DefaultTimeout();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());
        return [.. document.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("client_id").GetString()!)];
    }
}
