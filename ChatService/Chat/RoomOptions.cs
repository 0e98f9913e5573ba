namespace ChatService.Chat;

/// <summary>A configured room.</summary>
public sealed class RoomOptions
{
    /// <summary>The room id, as clients send it (<c>general</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>The display name (<c>Chat Geral</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>A one-line description.</summary>
    public string Description { get; set; } = "";
}
