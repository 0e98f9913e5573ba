using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Hardening;

/// <summary>
/// A raw Socket.IO client of the chat over an Engine.IO WebSocket: frames as strings exactly as they travel,
/// a background reader that answers pings (so that slow tests never time out) and queues everything else.
/// One test thread reads at a time; frames a wait skips are kept for later waits.
/// </summary>
public sealed class ChatWire : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<RawFrame> _frames = Channel.CreateUnbounded<RawFrame>();
    private readonly Task _reader;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<string> _backlog = [];
    private int _nextAck;

    private ChatWire(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The socket id from the CONNECT answer (empty before <see cref="ConnectAsync"/>).</summary>
    public string SocketId { get; private set; } = "";

    /// <summary>Opens the WebSocket and reads the Engine.IO open packet; nothing else is sent.</summary>
    public static async Task<ChatWire> OpenAsync(Uri address, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new Uri($"ws://{address.Authority}/socket.io/?EIO=4&transport=websocket");
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var wire = new ChatWire(socket);
        var open = await wire.NextTextAsync();
        if (!open.StartsWith("0{", StringComparison.Ordinal))
        {
            throw new AssertionException("expected the open packet, got " + open);
        }

        return wire;
    }

    /// <summary>Opens, sends CONNECT with <paramref name="authJson"/> and waits for the answer and the chat's <c>connected</c>.</summary>
    public static async Task<ChatWire> ConnectAsync(Uri address, string? authJson = null)
    {
        var wire = await OpenAsync(address);
        var answer = await wire.ConnectNamespaceAsync(authJson);
        if (!answer.StartsWith("40{", StringComparison.Ordinal))
        {
            await wire.DisposeAsync();
            throw new AssertionException("CONNECT refused: " + answer);
        }

        await wire.NextEventAsync("connected");
        return wire;
    }

    /// <summary>Sends CONNECT to the main namespace and returns the answer (<c>40{…}</c> or <c>44{…}</c>).</summary>
    public async Task<string> ConnectNamespaceAsync(string? authJson = null)
    {
        await SendTextAsync("40" + (authJson ?? ""));
        var answer = await NextTextAsync();
        if (answer.StartsWith("40{", StringComparison.Ordinal))
        {
            using var document = JsonDocument.Parse(answer[2..]);
            SocketId = document.RootElement.GetProperty("sid").GetString()!;
        }

        return answer;
    }

    /// <summary>Joins <paramref name="room"/> as <paramref name="username"/>; returns the ack.</summary>
    public Task<JsonElement> JoinAsync(string room, string username) =>
        CallAsync("join_room", JsonSerializer.Serialize(new Dictionary<string, string> { ["room_id"] = room, ["username"] = username }));

    /// <summary>Sends <paramref name="text"/> to <paramref name="room"/>; returns the ack.</summary>
    public Task<JsonElement> SendMessageAsync(string room, string text) =>
        CallAsync("send_message", JsonSerializer.Serialize(new Dictionary<string, string> { ["room_id"] = room, ["message"] = text }));

    /// <summary>Emits <paramref name="eventName"/> with the raw JSON arguments and an ack id; returns the ack's first argument.</summary>
    public async Task<JsonElement> CallAsync(string eventName, string argumentsJson)
    {
        var id = Interlocked.Increment(ref _nextAck);
        var separator = argumentsJson.Length > 0 ? "," : "";
        await SendTextAsync($"42{id}[{JsonSerializer.Serialize(eventName)}{separator}{argumentsJson}]");
        var prefix = $"43{id}[";
        var ack = await NextTextAsync(t => t.StartsWith(prefix, StringComparison.Ordinal));
        using var document = JsonDocument.Parse(ack[(prefix.Length - 1)..]);
        return document.RootElement[0].Clone();
    }

    /// <summary>The arguments of the next event named <paramref name="eventName"/> (other frames are skipped).</summary>
    public async Task<JsonElement> NextEventAsync(string eventName, TimeSpan? timeout = null)
    {
        var prefix = "42[" + JsonSerializer.Serialize(eventName);
        var frame = await NextTextAsync(t => t.StartsWith(prefix, StringComparison.Ordinal), timeout);
        using var document = JsonDocument.Parse(frame[2..]);
        return document.RootElement.Clone();
    }

    /// <summary>Whether an event named <paramref name="eventName"/> arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> ReceivesEventWithinAsync(string eventName, TimeSpan wait)
    {
        try
        {
            await NextEventAsync(eventName, wait);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    /// <summary>Sends raw bytes as one frame (a text frame may carry invalid UTF-8 on purpose).</summary>
    public async Task SendAsync(byte[] data, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync().DefaultTimeout();
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None).DefaultTimeout();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next text frame (pings excluded).</summary>
    public Task<string> NextTextAsync(TimeSpan? timeout = null) => NextTextAsync(_ => true, timeout);

    /// <summary>The next text frame matching <paramref name="match"/>; fails when the connection closes first.</summary>
    public async Task<string> NextTextAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        // Frames skipped by an earlier wait stay available, in order, for the next one.
        for (var i = 0; i < _backlog.Count; i++)
        {
            if (match(_backlog[i]))
            {
                var found = _backlog[i];
                _backlog.RemoveAt(i);
                return found;
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? TaskTimeoutExtensions.Default);
        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(cts.Token);
                if (frame.IsClose)
                {
                    throw new AssertionException("the connection closed while waiting for a frame");
                }

                if (frame.Type != WebSocketMessageType.Text)
                {
                    continue;
                }

                if (match(frame.Text))
                {
                    return frame.Text;
                }

                _backlog.Add(frame.Text);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException("no matching frame arrived in time");
        }
        catch (ChannelClosedException)
        {
            throw new AssertionException("the connection closed while waiting for a frame");
        }
    }

    /// <summary>Puts a frame read by a wait back, so that <see cref="DrainUntilClosedAsync"/> sees it too.</summary>
    public void Requeue(string text) => _backlog.Add(text);

    /// <summary>Every text frame not read yet, up to the end of the connection (which must end within the timeout).</summary>
    public async Task<List<string>> DrainUntilClosedAsync(TimeSpan? timeout = null)
    {
        var texts = new List<string>(_backlog);
        _backlog.Clear();
        using var cts = new CancellationTokenSource(timeout ?? TaskTimeoutExtensions.Default);
        await foreach (var frame in _frames.Reader.ReadAllAsync(cts.Token))
        {
            if (frame.IsClose)
            {
                break;
            }

            if (frame.Type == WebSocketMessageType.Text)
            {
                texts.Add(frame.Text);
            }
        }

        return texts;
    }

    /// <summary>Reads until the server closes the connection; true when it did within the timeout.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TaskTimeoutExtensions.Default);
        try
        {
            while (true)
            {
                if (!await _frames.Reader.WaitToReadAsync(cts.Token))
                {
                    return true;
                }

                while (_frames.Reader.TryRead(out var frame))
                {
                    if (frame.IsClose)
                    {
                        return true;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _frames.Writer.TryWrite(new RawFrame(WebSocketMessageType.Close, [], result.CloseStatus));
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                    }

                    break;
                }

                var frame = new RawFrame(result.MessageType, message.ToArray(), null);
                if (frame.Type == WebSocketMessageType.Text && frame.Text == "2")
                {
                    await SendTextAsync("3");
                    continue;
                }

                _frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
            _frames.Writer.TryWrite(new RawFrame(WebSocketMessageType.Close, [], null));
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went away first.
            }
        }

        _socket.Abort();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
