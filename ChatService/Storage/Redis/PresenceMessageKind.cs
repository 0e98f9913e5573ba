namespace ChatService.Storage.Redis;

/// <summary>The kinds of message on the presence channel.</summary>
internal enum PresenceMessageKind : byte
{
    /// <summary>Connections of the sender entered, moved or left.</summary>
    Changes = 1,

    /// <summary>The sender rewrote its whole hash: read it again.</summary>
    Resync = 2,

    /// <summary>The sender is shutting down: forget its connections now.</summary>
    NodeLeft = 3,
}
