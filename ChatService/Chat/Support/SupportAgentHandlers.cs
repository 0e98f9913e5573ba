using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatService.Chat.Contracts;
using ChatService.SocketIO;
using Microsoft.Extensions.Options;

namespace ChatService.Chat.Support;

/// <summary>
/// Support agents on the wire: a connection whose handshake <c>auth</c> carries the right
/// <c>agent_token</c> is an agent (a wrong token is refused with <c>connect_error</c>); agents join the
/// agents' room and may send <c>handoff_accept</c> / <c>handoff_release</c>. Every connection that ends is
/// reported to the support desk.
/// </summary>
public sealed partial class SupportAgentHandlers
{
    private const string AgentKey = "support.agent";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _agents = new(StringComparer.Ordinal);
    private readonly SupportOptions _options;
    private readonly ISupportDesk? _desk;
    private readonly ILogger _logger;

    /// <summary>Creates the handlers; <paramref name="desks"/> is empty when no bot is registered.</summary>
    public SupportAgentHandlers(IOptions<SupportOptions> options, IEnumerable<ISupportDesk> desks, ILogger<SupportAgentHandlers> logger)
    {
        _options = options.Value;
        _desk = desks.FirstOrDefault();
        _logger = logger;
    }

    /// <summary>Whether <paramref name="token"/> is the configured agent token (constant-time).</summary>
    public bool IsAgentToken(string? token)
    {
        if (string.IsNullOrEmpty(_options.AgentToken) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(_options.AgentToken));
    }

    /// <summary>Whether the connection <paramref name="socketId"/> is a connected agent (the bot never answers agents).</summary>
    public bool IsAgent(string socketId) => _agents.ContainsKey(socketId);

    /// <summary>Registers the middleware and handlers on <paramref name="ns"/>.</summary>
    public void Map(SocketIONamespace ns)
    {
        ns.Use(CheckAgentAsync);
        ns.On(ChatEvents.HandoffAccept, e => IsAgentSocket(e.Socket) ? HandleAsync(e, accept: true) : Forbidden(e));
        ns.On(ChatEvents.HandoffRelease, e => IsAgentSocket(e.Socket) ? HandleAsync(e, accept: false) : Forbidden(e));
        ns.OnDisconnect((socket, _) =>
        {
            _agents.TryRemove(socket.Id, out var _);
            return _desk?.OnConnectionLeftAsync(socket.Id) ?? ValueTask.CompletedTask;
        });
        ns.OnConnection(socket =>
        {
            if (IsAgentSocket(socket))
            {
                socket.Join(SupportChannel.AgentsRoom);
                _agents[socket.Id] = 0;
                Log.AgentConnected(_logger, socket.Id);
            }
        });
    }

    /// <summary>Whether the middleware admitted <paramref name="socket"/> as an agent.</summary>
    private static bool IsAgentSocket(SocketContext socket) => socket.TryGetItem(AgentKey, out _);

    private static ValueTask Forbidden(SocketIOEvent e)
    {
        Reply(e, new ChatError("forbidden", "Apenas atendentes podem fazer isso."));
        return ValueTask.CompletedTask;
    }

    private ValueTask<SocketIOConnectError?> CheckAgentAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        var auth = socket.Handshake.Auth;
        if (auth.ValueKind != JsonValueKind.Object || !auth.TryGetProperty("agent_token", out var token))
        {
            return ValueTask.FromResult<SocketIOConnectError?>(null);
        }

        if (token.ValueKind != JsonValueKind.String || !IsAgentToken(token.GetString()))
        {
            Log.AgentRefused(_logger, socket.Handshake.Address?.ToString());
            return ValueTask.FromResult<SocketIOConnectError?>(new SocketIOConnectError("invalid agent token"));
        }

        socket.Items[AgentKey] = true;
        return ValueTask.FromResult<SocketIOConnectError?>(null);
    }

    private async ValueTask HandleAsync(SocketIOEvent e, bool accept)
    {
        HandoffRequest? request = null;
        if (e.Arguments.GetKind(0) == JsonValueKind.Object)
        {
            request = e.Arguments.GetValue(0, ChatJsonContext.Default.HandoffRequest);
        }

        if (request?.UserId is not { Length: > 0 } userId)
        {
            Reply(e, new ChatError("invalid_payload", "Informe o user_id."));
            return;
        }

        if (_desk is null)
        {
            Reply(e, new ChatError("support_unavailable", "O atendimento não está disponível."));
            return;
        }

        var agentName = (e.Socket.State as ChatConnectionState)?.Username ?? "Atendente";
        var result = accept
            ? await _desk.AcceptAsync(e.Socket.Id, agentName, userId)
            : await _desk.ReleaseAsync(e.Socket.Id, userId);
        Log.AgentAction(_logger, e.Socket.Id, accept ? "accept" : "release", result.ToString());
        switch (result)
        {
            case HandoffResult.Ok:
                e.Ack(new ChatAck(true, null, null), ChatJsonContext.Default.ChatAck);
                break;
            case HandoffResult.NotFound:
                Reply(e, new ChatError("handoff_not_found", "Não há atendimento pendente para esse usuário."));
                break;
            default:
                Reply(e, new ChatError("handoff_taken", "Outro atendente já está com esse usuário."));
                break;
        }
    }

    private static void Reply(SocketIOEvent e, ChatError error) => ChatRejection.Send(e, error);
}
