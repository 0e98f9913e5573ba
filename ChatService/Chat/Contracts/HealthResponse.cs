namespace ChatService.Chat.Contracts;

/// <summary><c>GET /health</c>.</summary>
public sealed record HealthResponse(string Status, string Service, string Timestamp, int ActiveUsers, int ActiveRooms);
