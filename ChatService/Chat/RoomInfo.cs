namespace ChatService.Chat;

/// <summary>A room as listed to clients.</summary>
public sealed record RoomInfo(string Id, string Name, string Description, int UsersCount);
