using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// Speaks raw Engine.IO v4 to a server: HTTP long-polling with <see cref="HttpClient"/> and WebSocket with
/// <see cref="ClientWebSocket"/>, packets as strings exactly as they travel. No protocol logic of its own,
/// so that the tests state every packet they send and expect.
/// </summary>
public sealed class RawEngineIOClient : IDisposable
{
    /// <summary>The record separator between packets of a polling body.</summary>
    public const char Separator = '\u001e';

    private readonly Uri _address;
    private readonly string _path;

    public RawEngineIOClient(Uri address, string path = "/engine.io/")
    {
        _address = address;
        _path = path;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The client for requests the helpers below do not cover.</summary>
    public HttpClient Http { get; }

    /// <summary>The endpoint's path and query: <c>/engine.io/?EIO=4&amp;transport=polling&amp;sid=…</c>.</summary>
    public string Url(string? sid = null, string transport = "polling") =>
        $"{_path}?EIO=4&transport={transport}" + (sid is null ? "" : "&sid=" + Uri.EscapeDataString(sid));

    /// <summary>Opens a polling session; returns its sid and the open packet's JSON.</summary>
    public async Task<(string Sid, JsonElement Open)> HandshakeAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, Url()).ConfigureAwait(false);
        if (status != HttpStatusCode.OK || !body.StartsWith('0'))
        {
            throw new InvalidOperationException($"Handshake failed: {(int)status} {body}");
        }

        var open = ParseOpenPacket(body);
        return (open.GetProperty("sid").GetString()!, open);
    }

    /// <summary>One long-polling GET.</summary>
    public Task<(HttpStatusCode Status, string Body)> PollAsync(string sid) => SendAsync(HttpMethod.Get, Url(sid));

    /// <summary>One POST carrying <paramref name="payload"/> (packets joined with <see cref="Separator"/>).</summary>
    public Task<(HttpStatusCode Status, string Body)> PostAsync(string sid, string payload) =>
        SendAsync(HttpMethod.Post, Url(sid), payload);

    /// <summary>Any request; the body is sent as <c>text/plain;charset=UTF-8</c> like socket.io-client does.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string url, string? body = null)
    {
        using var response = await SendRawAsync(method, url, body).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().DefaultTimeout().ConfigureAwait(false));
    }

    /// <summary>Any request, returning the whole response (dispose it).</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string url, string? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        }

        return Http.SendAsync(request).DefaultTimeout();
    }

    /// <summary>Opens a WebSocket: a new session without <paramref name="sid"/>, an upgrade with it.</summary>
    /// <summary>Opens a WebSocket; with <paramref name="http2"/>, over HTTP/2 cleartext (RFC 8441 extended CONNECT).</summary>
    public async Task<RawEngineIOWebSocket> ConnectWebSocketAsync(string? sid = null, bool http2 = false)
    {
        var socket = new ClientWebSocket();
        var builder = new UriBuilder(new Uri(_address, Url(sid, "websocket"))) { Scheme = "ws" };
        try
        {
            if (http2)
            {
                socket.Options.HttpVersion = HttpVersion.Version20;
                socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
                await socket.ConnectAsync(builder.Uri, invoker, CancellationToken.None).DefaultTimeout().ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(builder.Uri, CancellationToken.None).DefaultTimeout().ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawEngineIOWebSocket(socket);
    }

    /// <summary>Parses <c>0{...}</c> into its JSON object.</summary>
    public static JsonElement ParseOpenPacket(string packet)
    {
        if (!packet.StartsWith('0'))
        {
            throw new FormatException($"Not an open packet: {packet}");
        }

        using var document = JsonDocument.Parse(packet[1..]);
        return document.RootElement.Clone();
    }

    /// <summary>Parses an error answer <c>{"code":N,"message":"..."}</c>.</summary>
    public static (int Code, string Message) ParseError(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return (root.GetProperty("code").GetInt32(), root.GetProperty("message").GetString()!);
    }

    public void Dispose() => Http.Dispose();
}
