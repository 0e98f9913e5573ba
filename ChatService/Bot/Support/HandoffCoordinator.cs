using ChatService.Chat;
using ChatService.Chat.Contracts;
using ChatService.Chat.Support;
using Microsoft.Extensions.Options;

namespace ChatService.Bot.Support;

/// <summary>
/// The per-user support state machine, drawn in docs/bot.md: <c>bot → waiting → human → bot</c>. Decides what
/// the bot says to each user message, notifies agents of hand-off requests, gives up with an apology when
/// nobody accepts in time, and keeps the bot quiet while an agent handles a user. All state is under one
/// lock that is never held across an await.
/// </summary>
internal sealed partial class HandoffCoordinator : ISupportDesk, IDisposable
{
    private readonly Dictionary<string, SupportConversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly KnowledgeBaseProvider _knowledge;
    private readonly ChatPublisher _publisher;
    private readonly SupportChannel _channel;
    private readonly BotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _turn;

    public HandoffCoordinator(
        KnowledgeBaseProvider knowledge,
        ChatPublisher publisher,
        SupportChannel channel,
        IOptions<BotOptions> options,
        TimeProvider time,
        ILogger<HandoffCoordinator> logger)
    {
        _knowledge = knowledge;
        _publisher = publisher;
        _channel = channel;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Decides the bot's answer to a user message in the support room.</summary>
    public BotTurn Decide(ChatMessage message)
    {
        var kb = _knowledge.Current;
        var match = kb.Match(message.Text);
        var turn = Interlocked.Increment(ref _turn);
        lock (_gate)
        {
            if (!_conversations.TryGetValue(message.UserId, out var conversation))
            {
                _conversations[message.UserId] = conversation = new SupportConversation(message.UserId, message.Username, message.RoomId);
            }

            conversation.Username = message.Username;
            switch (conversation.State)
            {
                case HandoffState.Human:
                    return BotTurn.Quiet;
                case HandoffState.Waiting:
                    return match.IsUnknown || match.Intent == BotIntents.HumanHandoff
                        ? new BotTurn(kb.PickMessage(BotMessageKeys.HandoffStillWaiting, turn), false)
                        : new BotTurn(kb.PickAnswer(match.Intent, turn), false);
            }

            if (match.Intent == BotIntents.HumanHandoff)
            {
                BeginWaiting(conversation, message);
                return new BotTurn(kb.PickMessage(BotMessageKeys.HandoffRequested, turn), true);
            }

            if (!match.IsUnknown)
            {
                conversation.Failures = 0;
                return new BotTurn(kb.PickAnswer(match.Intent, turn), false);
            }

            conversation.Failures++;
            if (conversation.Failures >= _options.FailuresBeforeHandoff)
            {
                BeginWaiting(conversation, message);
                return new BotTurn(kb.PickMessage(BotMessageKeys.HandoffAfterFailures, turn), true);
            }

            return new BotTurn(kb.PickAnswer(BotIntents.Unknown, turn), false);
        }
    }

    /// <summary>Tells the agents and the user that a hand-off is waiting.</summary>
    public async ValueTask AnnounceHandoffAsync(string userId)
    {
        HandoffInfo? info;
        lock (_gate)
        {
            info = _conversations.TryGetValue(userId, out var c) && c.State == HandoffState.Waiting ? c.ToInfo() : null;
        }

        if (info is null)
        {
            return;
        }

        Log.HandoffRequested(_logger, userId, _channel.AgentCount);
        BotMetrics.Handoff("requested");
        await _channel.NotifyAgentsAsync(new HandoffRequestedEvent(info.UserId, info.Username, info.RoomId, info.Message, ChatTime.Format(info.RequestedAt)));
        await SendStatusAsync(userId, HandoffState.Waiting, null);
    }

    /// <inheritdoc />
    public async ValueTask<HandoffResult> AcceptAsync(string agentId, string agentName, string userId)
    {
        string roomId;
        lock (_gate)
        {
            if (!_conversations.TryGetValue(userId, out var conversation) || conversation.State == HandoffState.Bot)
            {
                return HandoffResult.NotFound;
            }

            if (conversation.State == HandoffState.Human && conversation.AgentId != agentId)
            {
                return HandoffResult.TakenByAnotherAgent;
            }

            conversation.State = HandoffState.Human;
            conversation.AgentId = agentId;
            conversation.AgentName = agentName;
            conversation.Timeout?.Dispose();
            conversation.Timeout = null;
            roomId = conversation.RoomId;
        }

        Log.HandoffAccepted(_logger, userId, agentId);
        BotMetrics.Handoff("accepted");
        await PostAsync(roomId, _knowledge.Current.PickMessage(BotMessageKeys.HandoffAccepted, Interlocked.Increment(ref _turn)));
        await SendStatusAsync(userId, HandoffState.Human, agentName);
        return HandoffResult.Ok;
    }

    /// <inheritdoc />
    public async ValueTask<HandoffResult> ReleaseAsync(string agentId, string userId)
    {
        string roomId;
        lock (_gate)
        {
            if (!_conversations.TryGetValue(userId, out var conversation) || conversation.State != HandoffState.Human)
            {
                return HandoffResult.NotFound;
            }

            if (conversation.AgentId != agentId)
            {
                return HandoffResult.TakenByAnotherAgent;
            }

            BackToBot(conversation);
            roomId = conversation.RoomId;
        }

        Log.HandoffReleased(_logger, userId, agentId);
        BotMetrics.Handoff("released");
        await PostAsync(roomId, _knowledge.Current.PickMessage(BotMessageKeys.HandoffReleased, Interlocked.Increment(ref _turn)));
        await SendStatusAsync(userId, HandoffState.Bot, null);
        return HandoffResult.Ok;
    }

    /// <inheritdoc />
    public async ValueTask OnConnectionLeftAsync(string connectionId)
    {
        List<SupportConversation> released = [];
        lock (_gate)
        {
            if (_conversations.Remove(connectionId, out var own))
            {
                own.Timeout?.Dispose();
            }

            // An agent who leaves gives its users back to the bot.
            foreach (var conversation in _conversations.Values)
            {
                if (conversation.State == HandoffState.Human && conversation.AgentId == connectionId)
                {
                    BackToBot(conversation);
                    released.Add(conversation);
                }
            }
        }

        foreach (var conversation in released)
        {
            await PostAsync(conversation.RoomId, _knowledge.Current.PickMessage(BotMessageKeys.HandoffReleased, Interlocked.Increment(ref _turn)));
            await SendStatusAsync(conversation.UserId, HandoffState.Bot, null);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<HandoffInfo> List()
    {
        lock (_gate)
        {
            return [.. _conversations.Values.Where(c => c.State != HandoffState.Bot).OrderBy(c => c.RequestedAt).Select(c => c.ToInfo())];
        }
    }

    /// <summary>Whether an agent handles this user now (the bot stays quiet).</summary>
    public bool IsHandledByHuman(string userId)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(userId, out var c) && c.State == HandoffState.Human;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var conversation in _conversations.Values)
            {
                conversation.Timeout?.Dispose();
                conversation.Timeout = null;
            }
        }
    }

    private void BeginWaiting(SupportConversation conversation, ChatMessage message)
    {
        conversation.State = HandoffState.Waiting;
        conversation.Failures = 0;
        conversation.RequestMessage = message.Text;
        conversation.RequestedAt = message.Timestamp;
        conversation.Timeout?.Dispose();
        conversation.Timeout = _time.CreateTimer(
            static s => ((Func<Task>)s!)(), (Func<Task>)(() => OnTimeoutAsync(conversation.UserId)), _options.HandoffTimeout, System.Threading.Timeout.InfiniteTimeSpan);
    }

    private static void BackToBot(SupportConversation conversation)
    {
        conversation.State = HandoffState.Bot;
        conversation.Failures = 0;
        conversation.AgentId = null;
        conversation.AgentName = null;
        conversation.Timeout?.Dispose();
        conversation.Timeout = null;
    }

    /// <summary>Nobody accepted in time: apologize with the contact e-mail and go back to the bot.</summary>
    private async Task OnTimeoutAsync(string userId)
    {
        string roomId;
        lock (_gate)
        {
            if (!_conversations.TryGetValue(userId, out var conversation) || conversation.State != HandoffState.Waiting)
            {
                return;
            }

            BackToBot(conversation);
            roomId = conversation.RoomId;
        }

        Log.HandoffTimedOut(_logger, userId);
        BotMetrics.Handoff("timed_out");
        await PostAsync(roomId, _knowledge.Current.PickMessage(BotMessageKeys.HandoffUnavailable, Interlocked.Increment(ref _turn)));
        await SendStatusAsync(userId, HandoffState.Bot, null);
    }

    private async Task PostAsync(string roomId, string text)
    {
        try
        {
            await _publisher.PublishAsync(new NewChatMessage(roomId, _options.UserId, _options.Name, text, _time.GetUtcNow(), MessageKind.Bot));
        }
        catch (MessageStoreException ex)
        {
            Log.PostFailed(_logger, roomId, ex);
        }
    }

    private ValueTask SendStatusAsync(string userId, HandoffState state, string? agentName) =>
        _channel.SendStatusAsync(new HandoffStatusEvent(userId, state.ToString().ToLowerInvariant(), agentName, ChatTime.Format(_time.GetUtcNow())));
}
