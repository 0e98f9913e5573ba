using System.Net;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> in the Prometheus text format: the metric names, and counters that move with traffic
/// (a raw Engine.IO/Socket.IO client over polling plays a user). The layers' meters are process-wide, so
/// the assertions compare scrapes before and after, never absolute values.
/// </summary>
[NonParallelizable]
public sealed class MetricsEndpointTests
{
    private const string OpenPolling = "chatservice_engineio_sessions_open{transport=\"polling\"}";
    private const string OpenedPolling = "chatservice_engineio_sessions_opened_total{transport=\"polling\"}";
    private const string PacketsIn = "chatservice_engineio_packets_received_total";
    private const string PacketsOut = "chatservice_engineio_packets_sent_total";
    private const string EventsIn = "chatservice_socketio_events_received_total";
    private const string Broadcasts = "chatservice_socketio_broadcast_recipients_count";
    private const string BroadcastRecipients = "chatservice_socketio_broadcast_recipients_sum";
    private const string UserMessages = "chatservice_chat_messages_stored_total{type=\"user\"}";
    private const string RejectedEmpty = "chatservice_chat_events_rejected_total{reason=\"empty_message\"}";
    private const string Overflows = "chatservice_engineio_outbound_queue_overflows_total";

    [Test]
    public async Task MetricsUseThePrometheusTextFormat()
    {
        await using var host = await TestHost.StartAsync(["Chat:RateLimit:Enabled=false"]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.GetAsync("/metrics").DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Multiple(() =>
        {
            // Observed at scrape time: present before any traffic.
            Assert.That(scrape.Declares("chatservice_engineio_sessions_open", "gauge"), scrape.Text);
            Assert.That(scrape.Has(OpenPolling), scrape.Text);
            Assert.That(scrape.Has("chatservice_engineio_sessions_open{transport=\"websocket\"}"), scrape.Text);
            // The scrape itself was an HTTP request measured by the middleware (the previous ones at least).
            Assert.That(scrape.Declares("http_request_duration_seconds", "histogram") || scrape.Text.Contains("http_request_duration_seconds", StringComparison.Ordinal), Is.True, scrape.Text);
            Assert.That(scrape.Declares("process_cpu_seconds_total", "counter"), scrape.Text);
        });
    }

    [Test]
    public async Task CountersMoveWithTraffic()
    {
        await using var host = await TestHost.StartAsync(["Chat:RateLimit:Enabled=false"]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var client = new RawEngineIOClient(host.Address, "/socket.io/");
        var before = await ScrapeAsync(http);

        var (sid, _) = await client.HandshakeAsync().DefaultTimeout();
        await PostAndPollAsync(client, sid, "40", expect: "\"connected\"");
        await PostAndPollAsync(client, sid, "42[\"join_room\",{\"room_id\":\"general\",\"username\":\"Métrica\"}]", expect: "\"room_joined\"");
        await PostAndPollAsync(client, sid, "421[\"send_message\",{\"room_id\":\"general\",\"message\":\"Olá, métricas\",\"username\":\"Métrica\"}]", expect: "\"new_message\"");
        await PostAndPollAsync(client, sid, "422[\"send_message\",{\"room_id\":\"general\",\"message\":\"   \",\"username\":\"Métrica\"}]", expect: "empty_message");

        var during = await ScrapeAsync(http);
        Assert.Multiple(() =>
        {
            Assert.That(during.Value(OpenPolling), Is.GreaterThanOrEqualTo(1), during.Text);
            Assert.That(during.Value(OpenedPolling), Is.GreaterThan(before.Value(OpenedPolling)), during.Text);
            Assert.That(during.Value(PacketsIn), Is.GreaterThanOrEqualTo(before.Value(PacketsIn) + 4), during.Text);
            Assert.That(during.Value(PacketsOut), Is.GreaterThanOrEqualTo(before.Value(PacketsOut) + 4), during.Text);
            Assert.That(during.Value(EventsIn), Is.GreaterThanOrEqualTo(before.Value(EventsIn) + 3), during.Text);
            Assert.That(during.Value(Broadcasts), Is.GreaterThan(before.Value(Broadcasts)), during.Text);
            Assert.That(during.Value(BroadcastRecipients), Is.GreaterThan(before.Value(BroadcastRecipients)), during.Text);
            Assert.That(during.Value(UserMessages), Is.EqualTo(before.Value(UserMessages) + 1), during.Text);
            Assert.That(during.Value(RejectedEmpty), Is.EqualTo(before.Value(RejectedEmpty) + 1), during.Text);
            Assert.That(during.Declares("chatservice_chat_messages_stored_total", "counter"), during.Text);
            Assert.That(during.Declares("chatservice_socketio_broadcast_recipients", "histogram"), during.Text);
            Assert.That(during.Has("http_request_duration_seconds_count{code=\"2xx\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/socket.io\"}"), during.Text);
        });

        // The client leaves: the session is no longer counted as open.
        await client.PostAsync(sid, "1").DefaultTimeout();
        var after = await ScrapeAsync(http);
        Assert.That(after.Value("chatservice_engineio_sessions_closed_total"), Is.GreaterThan(before.Value("chatservice_engineio_sessions_closed_total")), after.Text);
    }

    [Test]
    public async Task OutboundQueueOverflowIsCounted()
    {
        await using var host = await TestHost.StartAsync(["Chat:RateLimit:Enabled=false", "EngineIO:MaxOutboundQueue=16"]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var talker = new RawEngineIOClient(host.Address, "/socket.io/");
        using var sleeper = new RawEngineIOClient(host.Address, "/socket.io/");
        var before = await ScrapeAsync(http);

        // The sleeper joins the room and then never polls again: its queue fills up.
        var (sleeperSid, _) = await sleeper.HandshakeAsync().DefaultTimeout();
        await PostAndPollAsync(sleeper, sleeperSid, "40", expect: "\"connected\"");
        await PostAndPollAsync(sleeper, sleeperSid, "42[\"join_room\",{\"room_id\":\"general\",\"username\":\"Dorminhoco\"}]", expect: "\"room_joined\"");

        var (sid, _) = await talker.HandshakeAsync().DefaultTimeout();
        await PostAndPollAsync(talker, sid, "40", expect: "\"connected\"");
        await PostAndPollAsync(talker, sid, "42[\"join_room\",{\"room_id\":\"general\",\"username\":\"Falante\"}]", expect: "\"room_joined\"");
        for (var i = 0; i < 24; i++)
        {
            await PostAndPollAsync(talker, sid, $"42[\"send_message\",{{\"room_id\":\"general\",\"message\":\"mensagem {i}\",\"username\":\"Falante\"}}]", expect: "\"new_message\"");
        }

        var after = await ScrapeAsync(http);
        Assert.That(after.Value(Overflows), Is.GreaterThan(before.Value(Overflows)), after.Text);
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http) =>
        PrometheusText.Parse(await http.GetStringAsync("/metrics").DefaultTimeout());

    /// <summary>Posts packets, then polls until a body containing <paramref name="expect"/> arrives.</summary>
    private static async Task PostAndPollAsync(RawEngineIOClient client, string sid, string payload, string expect)
    {
        var (status, _) = await client.PostAsync(sid, payload).DefaultTimeout();
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (pollStatus, body) = await client.PollAsync(sid).DefaultTimeout(TimeSpan.FromSeconds(40));
            Assert.That(pollStatus, Is.EqualTo(HttpStatusCode.OK), body);
            if (body.Contains(expect, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"no packet with {expect} after posting {payload}");
    }
}
