using ChatService.Tests.Infrastructure;
using SocketIOClient;
using SocketIOClient.Transport;
using Client = SocketIOClient.SocketIO;

namespace ChatService.Tests.Interop;

/// <summary>
/// The .NET client <c>SocketIOClient</c> 3.0.6 (doghappy/socket.io-client-csharp) against our server in
/// conformance mode, on both of its transports (it does not upgrade: polling stays polling).
/// </summary>
/// <remarks>
/// Its <c>ConnectAsync</c> can return before the Socket.IO CONNECT answer arrived (polling), so the tests wait
/// for <c>OnConnected</c>; a CONNECT_ERROR surfaces as <c>OnError</c> with the error's message (not its data).
/// </remarks>
[NonParallelizable]
public sealed class SocketIOClientInteropTests
{
    private const string Portuguese = "Olá, ação, coração 🎉";

    private static readonly string[] s_conformanceSettings =
    [
        "Mode=Conformance",
        "EngineIO:PingInterval=00:00:00.300",
        "EngineIO:PingTimeout=00:00:01",
    ];

    public static readonly TransportProtocol[] Transports = [TransportProtocol.Polling, TransportProtocol.WebSocket];

    [TestCaseSource(nameof(Transports))]
    public async Task ConnectsAndReceivesTheAuthEcho(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/", transport);
        var auth = Next(client, "auth");

        await ConnectAsync(client);

        Assert.That(client.Connected, Is.True);
        Assert.That((await auth.DefaultTimeout()).ToString(), Is.EqualTo("[{}]"));
        await DisconnectAsync(client);
    }

    [TestCaseSource(nameof(Transports))]
    public async Task MessageIsEchoedAsMessageBack(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/", transport);
        await ConnectAsync(client);

        var back = Next(client, "message-back");
        await client.EmitAsync("message", Portuguese, 42, new { texto = Portuguese, lista = new object[] { 1, true } }).DefaultTimeout();
        var response = await back.DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(response.Count, Is.EqualTo(3));
            Assert.That(response.GetValue<string>(0), Is.EqualTo(Portuguese));
            Assert.That(response.GetValue<int>(1), Is.EqualTo(42));
            var third = response.GetValue(2);
            Assert.That(third.GetProperty("texto").GetString(), Is.EqualTo(Portuguese));
            Assert.That(third.GetProperty("lista").GetRawText(), Is.EqualTo("[1,true]"));
        });
        await DisconnectAsync(client);
    }

    [TestCaseSource(nameof(Transports))]
    public async Task BinaryMessageIsEchoedAsBinary(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/", transport);
        await ConnectAsync(client);

        var back = Next(client, "message-back");
        await client.EmitAsync("message", new byte[] { 1, 2, 3 }).DefaultTimeout();
        var response = await back.DefaultTimeout();

        Assert.That(response.GetValue<byte[]>(0), Is.EqualTo(new byte[] { 1, 2, 3 }));
        await DisconnectAsync(client);
    }

    [TestCaseSource(nameof(Transports))]
    public async Task AckRoundTripReturnsTheArguments(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/", transport);
        await ConnectAsync(client);

        var ack = new TaskCompletionSource<SocketIOResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.EmitAsync("message-with-ack", response => ack.TrySetResult(response), Portuguese, 7).DefaultTimeout();
        var result = await ack.Task.DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(result.Count, Is.EqualTo(2));
            Assert.That(result.GetValue<string>(0), Is.EqualTo(Portuguese));
            Assert.That(result.GetValue<int>(1), Is.EqualTo(7));
        });
        await DisconnectAsync(client);
    }

    [TestCaseSource(nameof(Transports))]
    public async Task CustomNamespaceReceivesItsAuthPayload(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/custom", transport, auth: new { token = "abc" });
        var auth = Next(client, "auth");

        await ConnectAsync(client);

        Assert.That(client.Namespace, Is.EqualTo("/custom"));
        Assert.That((await auth.DefaultTimeout()).ToString(), Is.EqualTo("""[{"token":"abc"}]"""));
        await DisconnectAsync(client);
    }

    [TestCaseSource(nameof(Transports))]
    public async Task AdminAcceptsTheRightToken(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/admin", transport, auth: new { token = "secret" });
        var auth = Next(client, "auth");

        await ConnectAsync(client);

        Assert.That((await auth.DefaultTimeout()).ToString(), Is.EqualTo("""[{"token":"secret"}]"""));
        await DisconnectAsync(client);
    }

    [TestCaseSource(nameof(Transports))]
    public async Task AdminRefusesAWrongToken(TransportProtocol transport)
    {
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        using var client = NewClient(host, "/admin", transport, auth: new { token = "wrong" });
        var error = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnError += (_, message) => error.TrySetResult(message);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();

        await client.ConnectAsync().DefaultTimeout();
        var first = await Task.WhenAny(error.Task, connected.Task).DefaultTimeout();

        Assert.That(first, Is.SameAs(error.Task), "the client was let in with a wrong token");
        Assert.That(await error.Task.DefaultTimeout(), Is.EqualTo("not authorized"));
        Assert.That(client.Connected, Is.False);
    }

    private static Client NewClient(TestHost host, string nsp, TransportProtocol transport, object? auth = null)
    {
        var uri = new Uri(host.Address, nsp);
        return new Client(uri, new SocketIOOptions
        {
            Transport = transport,
            Reconnection = false,
            ConnectionTimeout = TimeSpan.FromSeconds(5),
            Auth = auth,
        });
    }

    /// <summary>The next occurrence of <paramref name="eventName"/> (register before it can arrive).</summary>
    private static Task<SocketIOResponse> Next(Client client, string eventName)
    {
        var next = new TaskCompletionSource<SocketIOResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On(eventName, response => next.TrySetResult(response));
        return next.Task;
    }

    /// <summary>Connects and waits for the Socket.IO CONNECT answer (OnConnected), failing on OnError.</summary>
    private static async Task ConnectAsync(Client client)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        client.OnError += (_, message) => connected.TrySetException(new AssertionException($"connect error: {message}"));
        await client.ConnectAsync().DefaultTimeout();
        await connected.Task.DefaultTimeout();
    }

    private static async Task DisconnectAsync(Client client)
    {
        if (client.Connected)
        {
            await client.DisconnectAsync().DefaultTimeout();
        }
    }
}
