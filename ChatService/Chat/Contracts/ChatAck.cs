namespace ChatService.Chat.Contracts;

/// <summary>The ack of a client event: <c>{ok:true, message}</c> or <c>{ok:false, error}</c>.</summary>
public sealed record ChatAck(bool Ok, NewMessageEvent? Message, ErrorEvent? Error, string? RoomId = null);
