namespace ChatService.Chat;

/// <summary>Which room ids clients may join.</summary>
public enum RoomPolicy
{
    /// <summary>Configured rooms, and any other id matching <c>[a-z0-9_-]{1,64}</c> (like the original service).</summary>
    Open,
    /// <summary>Only the configured rooms.</summary>
    ConfiguredOnly,
}
