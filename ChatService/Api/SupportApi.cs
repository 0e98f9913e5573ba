using ChatService.Chat;
using ChatService.Chat.Contracts;
using ChatService.Chat.Support;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatService.Api;

/// <summary><c>GET /api/chat/support/handoffs</c>, for support agents only.</summary>
public static class SupportApi
{
    /// <summary>The header agents send their token in (<c>Authorization: Bearer …</c> works too).</summary>
    public const string TokenHeader = "X-Agent-Token";

    /// <summary>Maps the support routes.</summary>
    public static IEndpointConventionBuilder MapSupportApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/chat/support/handoffs", GetHandoffs)
            .WithName("GetHandoffs")
            .WithSummary("Pending and active hand-offs to support agents")
            .WithDescription("Requires the agent token (Support:AgentToken) in the X-Agent-Token header or as a Bearer token; 401 otherwise.")
            .WithTags("Support");

    internal static Results<Ok<HandoffListResponse>, UnauthorizedHttpResult> GetHandoffs(
        HttpRequest request, SupportAgentHandlers agents, IEnumerable<ISupportDesk> desks)
    {
        var token = request.Headers[TokenHeader].ToString();
        if (token.Length == 0 && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        if (!agents.IsAgentToken(token))
        {
            return TypedResults.Unauthorized();
        }

        var handoffs = desks.FirstOrDefault()?.List() ?? [];
        return TypedResults.Ok(new HandoffListResponse([.. handoffs.Select(h => new HandoffDto(
            h.UserId, h.Username, h.RoomId, h.State.ToString().ToLowerInvariant(), h.Message, ChatTime.Format(h.RequestedAt), h.AgentId, h.AgentName))]));
    }
}
