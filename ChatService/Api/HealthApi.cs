using ChatService.Chat;
using ChatService.Chat.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatService.Api;

/// <summary><c>GET /health</c>.</summary>
public static class HealthApi
{
    /// <summary>The service name <c>/health</c> reports.</summary>
    public const string ServiceName = "IntegrAção Chat Service";

    /// <summary>Maps <c>GET /health</c>.</summary>
    public static IEndpointConventionBuilder MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithSummary("Liveness and live counts")
            .WithDescription("Always healthy while the process serves requests; active_users are connections in a room, active_rooms the rooms with at least one of them.")
            .WithTags("Health");

    internal static Ok<HealthResponse> GetHealth(IPresence presence, TimeProvider time) =>
        TypedResults.Ok(new HealthResponse(
            "healthy",
            ServiceName,
            ChatTime.Format(time.GetUtcNow()),
            presence.ActiveUsers,
            presence.RoomCounts().Count));
}
