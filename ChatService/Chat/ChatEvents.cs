namespace ChatService.Chat;

/// <summary>Event names on the wire (SPEC §2), plus the additive ones.</summary>
public static class ChatEvents
{
    /// <summary>Client → server: join a room.</summary>
    public const string JoinRoom = "join_room";
    /// <summary>Client → server: leave the current room (additive).</summary>
    public const string LeaveRoom = "leave_room";
    /// <summary>Client → server: post a message.</summary>
    public const string SendMessage = "send_message";
    /// <summary>Client → server: typing indicator.</summary>
    public const string Typing = "typing";
    /// <summary>Server → client: sent on connect.</summary>
    public const string Connected = "connected";
    /// <summary>Server → client: the join succeeded.</summary>
    public const string RoomJoined = "room_joined";
    /// <summary>Server → room: someone joined.</summary>
    public const string UserJoined = "user_joined";
    /// <summary>Server → room: someone left.</summary>
    public const string UserLeft = "user_left";
    /// <summary>Server → room: a stored message.</summary>
    public const string NewMessage = "new_message";
    /// <summary>Server → others in the room: typing indicator.</summary>
    public const string UserTyping = "user_typing";
    /// <summary>Server → agents: a user asked for a person.</summary>
    public const string HandoffRequested = "handoff_requested";
    /// <summary>Agent → server: take over a user.</summary>
    public const string HandoffAccept = "handoff_accept";
    /// <summary>Agent → server: give a user back to the bot.</summary>
    public const string HandoffRelease = "handoff_release";
    /// <summary>Server → user and agents: a hand-off changed state.</summary>
    public const string HandoffStatus = "handoff_status";
    /// <summary>Server → client: an event was rejected.</summary>
    public const string Error = "error";
}
