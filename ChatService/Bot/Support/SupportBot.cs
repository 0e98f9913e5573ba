using ChatService.Chat;
using ChatService.Chat.Support;
using Microsoft.Extensions.Options;

namespace ChatService.Bot.Support;

/// <summary>
/// The support assistant: answers each user message in the support room, after <see cref="BotOptions.ReplyDelay"/>
/// with a typing indicator meanwhile, never blocking the sender (each reply runs on its own). It never
/// answers a bot, and stays quiet for users an agent handles.
/// </summary>
internal sealed partial class SupportBot : IChatObserver, IDisposable
{
    private readonly HandoffCoordinator _coordinator;
    private readonly SupportAgentHandlers _agents;
    private readonly ChatPublisher _publisher;
    private readonly BotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    public SupportBot(HandoffCoordinator coordinator, SupportAgentHandlers agents, ChatPublisher publisher, IOptions<BotOptions> options, TimeProvider time, ILogger<SupportBot> logger)
    {
        _coordinator = coordinator;
        _agents = agents;
        _publisher = publisher;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public ValueTask OnMessagePostedAsync(ChatMessage message)
    {
        if (message.Kind == MessageKind.User && message.RoomId == _options.Room && message.UserId != _options.UserId && !_agents.IsAgent(message.UserId))
        {
            _ = ReplyAsync(message);
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        // Registered twice (as itself and as an observer): the container disposes it twice.
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }
    }

    private async Task ReplyAsync(ChatMessage message)
    {
        try
        {
            var turn = _coordinator.Decide(message);
            if (turn.Reply is null)
            {
                return;
            }

            var stopping = _stopping.Token;
            await _publisher.PublishTypingAsync(message.RoomId, _options.UserId, _options.Name, isTyping: true);
            await Task.Delay(_options.ReplyDelay, _time, stopping);
            await _publisher.PublishTypingAsync(message.RoomId, _options.UserId, _options.Name, isTyping: false);
            var reply = await _publisher.PublishAsync(
                new NewChatMessage(message.RoomId, _options.UserId, _options.Name, turn.Reply, _time.GetUtcNow(), MessageKind.Bot), stopping);
            Log.Replied(_logger, message.Id, reply.Id);
            BotMetrics.Replies.Add(1);
            if (turn.StartsHandoff)
            {
                await _coordinator.AnnounceHandoffAsync(message.UserId);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
        catch (ObjectDisposedException)
        {
        }
        catch (MessageStoreException ex)
        {
            Log.ReplyFailed(_logger, message.Id, ex);
        }
    }
}
