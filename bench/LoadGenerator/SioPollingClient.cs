using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LoadGenerator;

/// <summary>
/// A Socket.IO client over Engine.IO long-polling only (<c>transports: ["polling"]</c>): one pending GET at a
/// time, POSTs serialized (a second concurrent POST is a protocol error), packets separated by \x1e.
/// </summary>
internal sealed class SioPollingClient : SioClientBase
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _postLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private string _base = "";

    public SioPollingClient(int index, ISioListener listener, HttpClient http)
        : base(index, listener)
    {
        _http = http;
    }

    public async Task ConnectAsync(Uri baseUri, CancellationToken ct)
    {
        var open = await _http.GetStringAsync(new Uri(baseUri, "/socket.io/?EIO=4&transport=polling"), ct).ConfigureAwait(false);
        if (!open.StartsWith('0'))
        {
            throw new InvalidOperationException("no open packet");
        }

        using var doc = JsonDocument.Parse(open.AsMemory(1));
        var sid = doc.RootElement.GetProperty("sid").GetString();
        _base = new Uri(baseUri, $"/socket.io/?EIO=4&transport=polling&sid={Uri.EscapeDataString(sid!)}").ToString();
        await SendTextAsync("40", ct).ConfigureAwait(false);
        _ = Task.Run(PollLoopAsync, CancellationToken.None);
        await Connected.WaitAsync(ct).ConfigureAwait(false);
    }

    public override async Task SendTextAsync(string packet, CancellationToken ct)
    {
        await _postLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(packet));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
            using var response = await _http.PostAsync(_base, content, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST {(int)response.StatusCode}");
            }

            await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _postLock.Release();
        }
    }

    private async Task PollLoopAsync()
    {
        try
        {
            // Bounded: a poll returns at the latest after pingInterval (the server pings); the loop ends on close.
            while (!Closed && !_stop.IsCancellationRequested)
            {
                using var response = await _http.GetAsync(_base, HttpCompletionOption.ResponseContentRead, _stop.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Close($"GET {(int)response.StatusCode}");
                    return;
                }

                var body = await response.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false);
                var span = body.AsSpan();
                while (!span.IsEmpty)
                {
                    var sep = span.IndexOf((byte)0x1e);
                    var packet = sep < 0 ? span : span[..sep];
                    HandleEnginePacket(packet);
                    span = sep < 0 ? [] : span[(sep + 1)..];
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            Close("transport error");
        }
    }

    public override void Abort()
    {
        Closed = true;
        _stop.Cancel();
    }
}
