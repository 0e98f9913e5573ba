using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadGenerator;

/// <summary>
/// Chat load generator. One scenario per run, against one server:
/// <code>
/// LoadGenerator --scenario fanout-max --url http://127.0.0.1:5100 --server-pid 1234 --duration 10 --out r.json
/// </code>
/// Scenarios: fanout-max, fanout-fixed, chatty, chatty-max, storm, idle, polling. Every loop is bounded in time
/// and count; a watchdog (--timeout, seconds) ends the process whatever happens. Loopback only.
/// WebSocket clients: System.Net.WebSockets.ClientWebSocket (default), or <c>--ws raw</c>, a minimal RFC 6455
/// client on a Socket that parses every frame of one read in one go (for the receive-bound max scenarios).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        var url = new Uri(o.Get("url", "http://127.0.0.1:5100"));
        if (!url.IsLoopback)
        {
            Console.Error.WriteLine("loadgen: only loopback targets (127.0.0.0/8) are allowed");
            return 2;
        }

        var timeout = o.GetDouble("timeout", 300);
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(timeout)).ConfigureAwait(false);
            Console.Error.WriteLine($"loadgen: watchdog: scenario exceeded {timeout} s");
            Environment.Exit(3);
        });

        SioClientBase.Trace = o.GetInt("trace", 0);
        var load = new ChatLoad(o, url);
        JsonObject result;
        try
        {
            result = o.Get("scenario", "fanout-max") switch
            {
                "fanout-max" => await load.FanOutAsync(fixedRate: 0),
                "fanout-fixed" => await load.FanOutAsync(fixedRate: o.GetDouble("rate", 20)),
                "chatty" => await load.ChattyAsync(closedLoop: false, polling: false),
                "chatty-max" => await load.ChattyAsync(closedLoop: true, polling: false),
                "polling" => await load.ChattyAsync(closedLoop: true, polling: true),
                "storm" => await load.StormAsync(),
                "idle" => await load.IdleAsync(),
                var other => throw new ArgumentException($"unknown scenario {other}"),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"loadgen: scenario failed: {ex.GetType().Name}: {ex.Message}");
            result = new JsonObject { ["failed"] = ex.Message };
        }

        result["scenario"] = o.Get("scenario", "fanout-max");
        result["server"] = o.Get("server", "?");
        result["loadavg_end"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";
        result["ws_client"] = o.Get("ws", "clientwebsocket");
        result["loadgen_cpu_s"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 2);
        var json = result.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        Console.WriteLine(json);
        if (o.TryGet("out", out var outPath))
        {
            await File.AppendAllTextAsync(outPath, json + "\n");
        }

        // Clients may still be open: the process exit closes them.
        Environment.Exit(result.ContainsKey("failed") ? 1 : 0);
        return 0;
    }
}

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var key = args[i][2..];
                var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                o._values[key] = value;
            }
        }

        return o;
    }

    public bool TryGet(string key, out string value) => _values.TryGetValue(key, out value!);

    public string Get(string key, string fallback) => _values.GetValueOrDefault(key, fallback);

    public int GetInt(string key, int fallback) => _values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double GetDouble(string key, double fallback) => _values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Per-client state of the chat scenarios.</summary>
internal sealed class ClientState
{
    public string Room = "";
    public long JoinAck = -1;

    /// <summary>The last ack received: the join's ack may arrive before its id is known (see the connect).</summary>
    public long LastAck = -1;

    public readonly TaskCompletionSource JoinDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Closed loop: released when the client's own message comes back.</summary>
    public readonly SemaphoreSlim Echo = new(0, int.MaxValue);
}

/// <summary>The scenarios and the event handling they share.</summary>
internal sealed class ChatLoad : ISioListener
{
    private const string Filler = "Olá pessoal, tudo bem por aqui? Mensagem de teste do benchmark.";
    private static readonly byte[] NewMessagePrefix = "[\"new_message\""u8.ToArray();
    private static readonly byte[] ErrorPrefix = "[\"error\""u8.ToArray();
    // The message text starts with "m:<seq>:<ticks>:<sender>:" (Python's json writes '"message": "m:…' with a space).
    private static readonly byte[] MessageMarker = "\"m:"u8.ToArray();
    private static readonly byte[] AckFailed = "\"ok\":false"u8.ToArray();

    private readonly Options _o;
    private readonly Uri _url;
    private readonly int _serverPid;
    private readonly LatencyHistogram _latency = new();
    private readonly List<string> _errorSamples = [];

    private volatile bool _measuring;
    private volatile bool _shuttingDown;
    private long _measureStart = long.MaxValue;
    private long _delivered;
    private long _sent;
    private long _errors;
    private long _disconnects;

    // Fan-out completion tracking (a message is complete when every member got it).
    private int[] _deliveryCounts = [];
    private int _ringMask;
    private int _expectedRecipients;
    private SemaphoreSlim? _window;

    public ChatLoad(Options o, Uri url)
    {
        _o = o;
        _url = url;
        _serverPid = o.GetInt("server-pid", 0);
    }

    // ---------------------------------------------------------------- events

    public void OnEvent(SioClientBase client, ReadOnlySpan<byte> ev)
    {
        if (ev.StartsWith(NewMessagePrefix))
        {
            var at = ev.IndexOf(MessageMarker);
            if (at < 0)
            {
                return;
            }

            var p = ev[(at + MessageMarker.Length)..];
            if (!Utf8Parser.TryParse(p, out long seq, out var n) || p[n] != ':')
            {
                return;
            }

            p = p[(n + 1)..];
            if (!Utf8Parser.TryParse(p, out long ticks, out n) || p[n] != ':')
            {
                return;
            }

            p = p[(n + 1)..];
            if (!Utf8Parser.TryParse(p, out int sender, out _))
            {
                return;
            }

            if (_measuring && ticks >= Volatile.Read(ref _measureStart))
            {
                Interlocked.Increment(ref _delivered);
                _latency.RecordTicks(Stopwatch.GetTimestamp() - ticks);
            }

            if (_window is { } window && Interlocked.Increment(ref _deliveryCounts[seq & _ringMask]) == _expectedRecipients)
            {
                _deliveryCounts[seq & _ringMask] = 0;
                window.Release();
            }

            if (sender == client.Index && client.Tag is ClientState own)
            {
                own.Echo.Release();
            }
        }
        else if (ev.StartsWith(ErrorPrefix))
        {
            Error("error event: " + System.Text.Encoding.UTF8.GetString(ev[..Math.Min(ev.Length, 200)]));
        }
        // user_joined, room_joined, connected, user_left: ignored (the join completes on its ack).
    }

    public void OnAck(SioClientBase client, long ackId, ReadOnlySpan<byte> args)
    {
        if (args.IndexOf(AckFailed) >= 0)
        {
            Error("ack ok:false: " + System.Text.Encoding.UTF8.GetString(args[..Math.Min(args.Length, 200)]));
        }

        if (client.Tag is ClientState state)
        {
            Interlocked.Exchange(ref state.LastAck, ackId);
            if (ackId == Interlocked.Read(ref state.JoinAck))
            {
                state.JoinDone.TrySetResult();
            }
        }
    }

    public void OnClosed(SioClientBase client, string reason)
    {
        if (!_shuttingDown)
        {
            Interlocked.Increment(ref _disconnects);
            Error("disconnected: " + reason);
        }
    }

    private void Error(string what)
    {
        if (Interlocked.Increment(ref _errors) <= 5)
        {
            lock (_errorSamples)
            {
                _errorSamples.Add(what);
            }

            Console.Error.WriteLine("loadgen: " + what);
        }
    }

    // ---------------------------------------------------------------- connecting

    private HttpMessageInvoker? _invoker;
    private HttpClient? _pollingHttp;

    private async Task<SioClientBase?> ConnectOneAsync(int index, bool polling, string? room, CancellationToken ct)
    {
        SioClientBase client;
        var phase = "connect";
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(_o.GetDouble("connect-timeout", 30)));
            if (polling)
            {
                var pc = new SioPollingClient(index, this, _pollingHttp ??= new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 4096 }) { Timeout = TimeSpan.FromSeconds(60) });
                client = pc;
                await pc.ConnectAsync(_url, cts.Token).ConfigureAwait(false);
            }
            else if (_o.Get("ws", "clientwebsocket") == "raw")
            {
                var rc = new SioRawWebSocketClient(index, this);
                client = rc;
                try
                {
                    await rc.ConnectAsync(_url, _o.GetInt("source-ips", 64), cts.Token).ConfigureAwait(false);
                }
                catch
                {
                    phase = rc.Phase;
                    rc.Abort();
                    throw;
                }
            }
            else
            {
                var wc = new SioWebSocketClient(index, this);
                client = wc;
                try
                {
                    await wc.ConnectAsync(_url, _invoker ??= SioWebSocketClient.CreateInvoker(_o.GetInt("source-ips", 64)), cts.Token).ConfigureAwait(false);
                }
                catch
                {
                    phase = wc.Phase;
                    wc.Abort();
                    throw;
                }
            }

            if (room is not null)
            {
                phase = "join";
                var state = new ClientState { Room = room };
                client.Tag = state;
                var ackId = await client.EmitAsync("join_room", $"{{\"room_id\":\"{room}\",\"username\":\"u{index}\"}}", withAck: true, cts.Token).ConfigureAwait(false);
                // The ack may have arrived before the id was stored here: both sides write, then read the other's
                // field (full fences), so one of them completes the join.
                Interlocked.Exchange(ref state.JoinAck, ackId);
                if (Interlocked.Read(ref state.LastAck) == ackId)
                {
                    state.JoinDone.TrySetResult();
                }

                await state.JoinDone.Task.WaitAsync(cts.Token).ConfigureAwait(false);
            }

            return client;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Error($"connect {index} ({phase}, after {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s): {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Connects <paramref name="count"/> clients with at most <paramref name="concurrency"/> handshakes in flight.</summary>
    private async Task<List<SioClientBase>> ConnectManyAsync(int first, int count, int concurrency, bool polling, Func<int, string?> roomOf, CancellationToken ct)
    {
        var gate = new SemaphoreSlim(concurrency, concurrency);
        var tasks = new Task<SioClientBase?>[count];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            var index = first + i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    return await ConnectOneAsync(index, polling, roomOf(index), ct).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }, ct);
        }

        var clients = await Task.WhenAll(tasks).ConfigureAwait(false);
        var connected = clients.Count(c => c is not null);
        Console.Error.WriteLine($"loadgen: {connected}/{count} clients ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return [.. clients.Where(c => c is not null).Select(c => c!)];
    }

    private static string MessageJson(string room, long seq, int sender) =>
        $"{{\"room_id\":\"{room}\",\"message\":\"m:{seq}:{Stopwatch.GetTimestamp()}:{sender}: {Filler}\"}}";

    // ---------------------------------------------------------------- measuring

    private sealed record Window(double Seconds, double ServerCpuSeconds, double LoadgenCpuSeconds);

    /// <summary>Warm-up (results discarded), then the measured window; returns its length and the server CPU used.</summary>
    private async Task<Window> MeasureAsync(ProcMonitor monitor, double warmup, double duration, CancellationToken stopEarly)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup), stopEarly).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Volatile.Write(ref _measureStart, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref _delivered, 0);
        Interlocked.Exchange(ref _sent, 0);
        var cpu0 = monitor.CpuSeconds();
        var own0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var t0 = Stopwatch.GetTimestamp();
        _measuring = true;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(duration), stopEarly).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _measuring = false;
        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        return new Window(seconds, monitor.CpuSeconds() - cpu0, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - own0);
    }

    private JsonObject Report(Window w, ProcMonitor monitor, int clients)
    {
        var r = new JsonObject
        {
            ["clients"] = clients,
            ["duration_s"] = Math.Round(w.Seconds, 2),
            ["delivered_per_s"] = Math.Round(Interlocked.Read(ref _delivered) / w.Seconds),
            ["sent_per_s"] = Math.Round(Interlocked.Read(ref _sent) / w.Seconds, 1),
            ["p50_ms"] = Round(_latency.PercentileMs(0.50)),
            ["p99_ms"] = Round(_latency.PercentileMs(0.99)),
            ["max_ms"] = Round(_latency.MaxMs),
            ["latency_samples"] = _latency.Count,
            ["server_cpu_pct"] = Math.Round(100 * w.ServerCpuSeconds / w.Seconds, 1),
            ["server_peak_rss_mb"] = Math.Round(monitor.PeakRssKb / 1024.0, 1),
            ["loadgen_cpu_pct"] = Math.Round(100 * w.LoadgenCpuSeconds / w.Seconds, 1),
        };
        AddErrors(r);
        return r;
    }

    private void AddErrors(JsonObject r)
    {
        r["errors"] = Interlocked.Read(ref _errors);
        r["disconnects"] = Interlocked.Read(ref _disconnects);
        lock (_errorSamples)
        {
            if (_errorSamples.Count > 0)
            {
                r["error_samples"] = new JsonArray([.. _errorSamples.Select(s => (JsonNode)JsonValue.Create(s)!)]);
            }
        }
    }

    private static double? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 2);

    // ---------------------------------------------------------------- scenarios

    /// <summary>
    /// Fan-out: one room of --clients (1,000) members; client 0 sends. Max: closed loop with --window messages
    /// not yet delivered to every member. Fixed: --rate messages/s.
    /// </summary>
    public async Task<JsonObject> FanOutAsync(double fixedRate)
    {
        var n = _o.GetInt("clients", 1000);
        var windowSize = _o.GetInt("window", 32);
        var warmup = _o.GetDouble("warmup", 2);
        var duration = _o.GetDouble("duration", 10);
        var maxMessages = _o.GetInt("max-messages", 5_000_000);
        await using var monitor = new ProcMonitor(_serverPid);
        var clients = await ConnectManyAsync(0, n, _o.GetInt("concurrency", 50), polling: false, _ => "fanout", CancellationToken.None);
        if (clients.Count == 0 || clients[0].Index != 0)
        {
            throw new InvalidOperationException($"only {clients.Count}/{n} clients joined (the sender is missing)");
        }

        _expectedRecipients = clients.Count;
        _deliveryCounts = new int[1 << 16];
        _ringMask = _deliveryCounts.Length - 1;
        _window = new SemaphoreSlim(fixedRate > 0 ? int.MaxValue / 2 : Math.Min(windowSize, 4096), int.MaxValue);
        await Task.Delay(500); // let the user_joined wave drain
        monitor.ResetPeak();

        using var stop = new CancellationTokenSource();
        var sender = clients[0];
        var total = warmup + duration;
        var sending = Task.Run(async () =>
        {
            var t0 = Stopwatch.GetTimestamp();
            for (long seq = 1; seq <= maxMessages && !stop.IsCancellationRequested; seq++)
            {
                if (fixedRate > 0)
                {
                    var due = TimeSpan.FromSeconds((seq - 1) / fixedRate) - Stopwatch.GetElapsedTime(t0);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, CancellationToken.None);
                    }
                }
                else if (!await _window.WaitAsync(TimeSpan.FromSeconds(10)))
                {
                    Error($"fan-out stalled: message {seq - windowSize} not delivered to every member within 10 s");
                    await stop.CancelAsync();
                    break;
                }

                if (Stopwatch.GetElapsedTime(t0).TotalSeconds > total + 1)
                {
                    break;
                }

                await sender.EmitAsync("send_message", MessageJson("fanout", seq, 0), withAck: true, CancellationToken.None);
                if (_measuring)
                {
                    Interlocked.Increment(ref _sent);
                }
            }
        });

        var w = await MeasureAsync(monitor, warmup, duration, stop.Token);
        await stop.CancelAsync();
        await sending.WaitAsync(TimeSpan.FromSeconds(15));
        var r = Report(w, monitor, clients.Count);
        _shuttingDown = true;
        r["window"] = fixedRate > 0 ? null : windowSize;
        r["rate"] = fixedRate > 0 ? fixedRate : null;
        return r;
    }

    /// <summary>
    /// Chatty: --rooms (100) rooms × --per-room (10) clients. Fixed: each client sends --rate (1) message/s with a
    /// random phase. Closed loop (max and polling): each client sends its next message when its own comes back.
    /// </summary>
    public async Task<JsonObject> ChattyAsync(bool closedLoop, bool polling)
    {
        var rooms = _o.GetInt("rooms", polling ? 20 : 100);
        var perRoom = _o.GetInt("per-room", 10);
        var rate = _o.GetDouble("rate", 1);
        var warmup = _o.GetDouble("warmup", 2);
        var duration = _o.GetDouble("duration", 10);
        var maxPerClient = _o.GetInt("max-messages", 1_000_000);
        await using var monitor = new ProcMonitor(_serverPid);
        var clients = await ConnectManyAsync(0, rooms * perRoom, _o.GetInt("concurrency", 100), polling, i => $"room{i / perRoom}", CancellationToken.None);
        await Task.Delay(500);
        monitor.ResetPeak();

        using var stop = new CancellationTokenSource();
        var total = warmup + duration;
        var t0 = Stopwatch.GetTimestamp();
        var loops = clients.Select(c => Task.Run(async () =>
        {
            var state = (ClientState)c.Tag!;
            var phase = closedLoop ? 0 : Random.Shared.NextDouble() / rate;
            for (long seq = 1; seq <= maxPerClient && !stop.IsCancellationRequested && !c.Closed; seq++)
            {
                if (!closedLoop)
                {
                    var due = TimeSpan.FromSeconds(phase + ((seq - 1) / rate)) - Stopwatch.GetElapsedTime(t0);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, CancellationToken.None);
                    }
                }

                if (Stopwatch.GetElapsedTime(t0).TotalSeconds > total + 0.5 || stop.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await c.EmitAsync("send_message", MessageJson(state.Room, seq, c.Index), withAck: true, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Error($"send {c.Index}: {ex.GetType().Name}");
                    break;
                }

                if (_measuring)
                {
                    Interlocked.Increment(ref _sent);
                }

                if (closedLoop && !await state.Echo.WaitAsync(TimeSpan.FromSeconds(10)))
                {
                    Error($"client {c.Index}: own message not back within 10 s");
                    break;
                }
            }
        })).ToArray();

        var w = await MeasureAsync(monitor, warmup, duration, stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(15));
        var r = Report(w, monitor, clients.Count);
        _shuttingDown = true;
        r["rooms"] = rooms;
        r["per_room"] = perRoom;
        r["transport"] = polling ? "polling" : "websocket";
        foreach (var c in clients)
        {
            c.Abort();
        }

        return r;
    }

    /// <summary>Connection storm: --clients (5,000) Socket.IO connections, --concurrency (200) handshakes in flight.</summary>
    public async Task<JsonObject> StormAsync()
    {
        var n = _o.GetInt("clients", 5000);
        await using var monitor = new ProcMonitor(_serverPid);
        // Warm the server's connect path (JIT) with a few connections first, then measure from cold sockets.
        var warm = await ConnectManyAsync(1_000_000, _o.GetInt("warm", 200), 50, polling: false, _ => null, CancellationToken.None);
        monitor.ResetPeak();
        var cpu0 = monitor.CpuSeconds();
        var t0 = Stopwatch.GetTimestamp();
        var clients = await ConnectManyAsync(0, n, _o.GetInt("concurrency", 200), polling: false, _ => null, CancellationToken.None);
        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var cpu = monitor.CpuSeconds() - cpu0;
        _shuttingDown = true;
        var r = new JsonObject
        {
            ["clients"] = n,
            ["connected"] = clients.Count,
            ["duration_s"] = Math.Round(seconds, 2),
            ["connects_per_s"] = Math.Round(clients.Count / seconds),
            ["server_cpu_pct"] = Math.Round(100 * cpu / seconds, 1),
            ["server_peak_rss_mb"] = Math.Round(monitor.PeakRssKb / 1024.0, 1),
        };
        AddErrors(r);
        foreach (var c in clients.Concat(warm))
        {
            c.Abort();
        }

        return r;
    }

    /// <summary>Idle: --clients (10,000) connections that do nothing; server memory per connection (RSS delta / n).</summary>
    public async Task<JsonObject> IdleAsync()
    {
        var n = _o.GetInt("clients", 10_000);
        var settle = _o.GetDouble("settle", 5);
        await using var monitor = new ProcMonitor(_serverPid);
        var warm = await ConnectManyAsync(1_000_000, _o.GetInt("warm", 100), 50, polling: false, _ => null, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(settle, 2)));
        var baseline = monitor.RssKb();
        monitor.ResetPeak();
        var t0 = Stopwatch.GetTimestamp();
        var clients = await ConnectManyAsync(0, n, _o.GetInt("concurrency", 200), polling: false, _ => null, CancellationToken.None);
        var connectSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(settle));
        var after = monitor.RssKb();
        _shuttingDown = true;
        var r = new JsonObject
        {
            ["clients"] = n,
            ["connected"] = clients.Count,
            ["baseline_rss_mb"] = Math.Round(baseline / 1024.0, 1),
            ["rss_mb"] = Math.Round(after / 1024.0, 1),
            ["kb_per_conn"] = clients.Count == 0 ? null : Math.Round((after - baseline) / (double)clients.Count, 2),
            ["server_peak_rss_mb"] = Math.Round(monitor.PeakRssKb / 1024.0, 1),
            ["connect_s"] = Math.Round(connectSeconds, 2),
        };
        AddErrors(r);
        foreach (var c in clients.Concat(warm))
        {
            c.Abort();
        }

        return r;
    }
}
