using System.Net.WebSockets;
using System.Text;

namespace ChatService.Tests.Infrastructure;

/// <summary>A <see cref="ClientWebSocket"/> that sends and receives whole Engine.IO frames.</summary>
public sealed class RawEngineIOWebSocket : IAsyncDisposable
{
    internal RawEngineIOWebSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public Task SendTextAsync(string packet) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(packet), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    public Task SendBinaryAsync(byte[] data) =>
        Socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    /// <summary>The next whole frame (a close frame is returned too, as <see cref="RawFrame.IsClose"/>).</summary>
    public async Task<RawFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await Socket.ReceiveAsync(chunk, CancellationToken.None).DefaultTimeout(timeout).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new RawFrame(WebSocketMessageType.Close, [], result.CloseStatus);
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new RawFrame(result.MessageType, buffer.ToArray(), null);
            }
        }
    }

    /// <summary>The next text frame; fails on anything else.</summary>
    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveAsync(timeout).ConfigureAwait(false);
        if (frame.Type != WebSocketMessageType.Text)
        {
            throw new AssertionException($"Expected a text frame, got {frame}");
        }

        return frame.Text;
    }

    /// <summary>
    /// Reads frames until the server closes the connection (answering its close frame) and returns them, the
    /// close frame last (or an aborted-connection marker with no status).
    /// </summary>
    public async Task<List<RawFrame>> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        var frames = new List<RawFrame>();
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeoutExtensions.Default);
        while (true)
        {
            RawFrame frame;
            try
            {
                var left = deadline - DateTime.UtcNow;
                frame = await ReceiveAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                frames.Add(new RawFrame(WebSocketMessageType.Close, [], null));
                return frames;
            }

            frames.Add(frame);
            if (frame.IsClose)
            {
                if (Socket.State == WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout().ConfigureAwait(false);
                }

                return frames;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went away first.
            }
        }

        Socket.Dispose();
    }
}
