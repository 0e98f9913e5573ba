using ChatService.Chat;
using ChatService.Chat.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatService.Api;

/// <summary>
/// The chat's REST API under <c>/api/chat</c>: rooms, history, analytics. Errors are ProblemDetails
/// (<c>application/problem+json</c>): 400 for invalid query values, 404 for a room id that cannot exist under the
/// room policy, 503 when the message store is unavailable.
/// </summary>
public static partial class ChatApi
{
    private const string LoggerCategory = "ChatService.Api.ChatApi";

    /// <summary>Maps <c>GET /api/chat/rooms</c>, <c>/history/{room_id}</c> and <c>/analytics</c>.</summary>
    public static RouteGroupBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/chat").WithTags("Chat");

        api.MapGet("/rooms", GetRooms)
            .WithName("GetRooms")
            .WithSummary("The rooms and their live user counts")
            .WithDescription("The configured rooms first, then any other occupied room.");

        api.MapGet("/history/{room_id}", GetHistoryAsync)
            .WithName("GetHistory")
            .WithSummary("A room's messages, oldest first")
            .WithDescription(
                "Without parameters: the last 50 messages (Chat:HistoryLimit). 'limit' (1 to Chat:MaxHistoryLimit, 200 by " +
                "default) sets how many. 'before=<id>' pages backwards: the last messages older than that id; has_more " +
                "tells whether even older ones exist. 'after=<id>' returns the first messages newer than that id, for a " +
                "client that was away; has_more then tells whether more new ones follow. An unknown room id (one the room " +
                "policy does not allow) is 404.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/analytics", GetAnalyticsAsync)
            .WithName("GetAnalytics")
            .WithSummary("Message totals, live users and the last 24 hours of activity")
            .WithDescription(
                "Totals come from the store (they survive restarts). hourly_activity has 24 entries, oldest first, ending " +
                "with the current hour, labelled HH:00 in Chat:TimeZone (America/Sao_Paulo by default).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    internal static Ok<RoomsResponse> GetRooms(RoomDirectory rooms) =>
        TypedResults.Ok(new RoomsResponse(rooms.List().Select(static r => new RoomDto(r.Id, r.Name, r.Description, r.UsersCount)).ToList()));

    internal static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistoryAsync(
        [FromRoute(Name = "room_id")] string roomId,
        string? limit,
        string? before,
        string? after,
        IMessageStore store,
        RoomDirectory rooms,
        IOptions<ChatOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!rooms.IsAllowed(roomId))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown room",
                detail: "No room has this id. Room ids are the configured rooms, or (when the room policy is open) 1 to 64 of a-z, 0-9, '_' and '-'.");
        }

        var chat = options.Value;
        var query = HistoryQuery.Parse(limit, before, after, chat.HistoryLimit, chat.MaxHistoryLimit, out var error);
        if (query is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid history query", detail: error);
        }

        IReadOnlyList<ChatMessage> messages;
        bool hasMore;
        try
        {
            // Ask for one more than wanted: its presence is has_more.
            if (query.After is { } afterId)
            {
                messages = await store.GetAfterAsync(roomId, afterId, query.Limit + 1, cancellationToken).ConfigureAwait(false);
                hasMore = messages.Count > query.Limit;
                if (hasMore)
                {
                    messages = messages.Take(query.Limit).ToList();
                }
            }
            else
            {
                messages = await store.GetRecentAsync(roomId, query.Limit + 1, query.Before, cancellationToken).ConfigureAwait(false);
                hasMore = messages.Count > query.Limit;
                if (hasMore)
                {
                    messages = messages.Skip(1).ToList();
                }
            }
        }
        catch (MessageStoreException ex)
        {
            Log.StoreUnavailable(loggers.CreateLogger(LoggerCategory), "history", ex);
            return StoreUnavailable();
        }

        var events = new NewMessageEvent[messages.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = NewMessageEvent.From(messages[i]);
        }

        return TypedResults.Ok(new HistoryResponse(roomId, events, hasMore));
    }

    internal static async Task<Results<Ok<AnalyticsResponse>, ProblemHttpResult>> GetAnalyticsAsync(
        ChatAnalytics analytics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await analytics.GetAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (MessageStoreException ex)
        {
            Log.StoreUnavailable(loggers.CreateLogger(LoggerCategory), "analytics", ex);
            return StoreUnavailable();
        }
    }

    private static ProblemHttpResult StoreUnavailable() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Message store unavailable",
            detail: "The message store cannot answer right now; try again shortly.");
}
