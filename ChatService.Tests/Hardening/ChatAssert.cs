using System.Net;
using System.Text.Json;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Hardening;

/// <summary>Assertions shared by the hardening tests: the chat still serves a well-behaved client, and what history holds.</summary>
public static class ChatAssert
{
    /// <summary>
    /// A fresh, well-behaved client joins <paramref name="room"/>, posts, gets its ack, and <paramref name="bystander"/>
    /// (already in the room, when given) receives the message.
    /// </summary>
    public static async Task ChatStillWorksAsync(TestHost host, string room = "general", ChatWire? bystander = null)
    {
        await using var client = await ChatWire.ConnectAsync(host.Address);
        var joined = await client.JoinAsync(room, "Well Behaved");
        Assert.That(joined.GetProperty("ok").GetBoolean(), Is.True, joined.ToString());
        var text = "still fine " + Guid.NewGuid().ToString("N");
        var ack = await client.SendMessageAsync(room, text);
        Assert.That(ack.GetProperty("ok").GetBoolean(), Is.True, ack.ToString());
        if (bystander is not null)
        {
            while (true)
            {
                var received = await bystander.NextEventAsync("new_message");
                if (received[1].GetProperty("message").GetString() == text)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The texts of the room's history (REST, oldest first).</summary>
    public static async Task<List<string>> HistoryAsync(TestHost host, string room = "general")
    {
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.GetAsync($"/api/chat/history/{room}?limit=200").DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());
        return [.. document.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetString()!)];
    }
}
