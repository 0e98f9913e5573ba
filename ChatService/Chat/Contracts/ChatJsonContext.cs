using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>Source-generated, snake_case JSON for every wire record of the chat (events and REST).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ConnectedEvent))]
[JsonSerializable(typeof(RoomJoinedEvent))]
[JsonSerializable(typeof(UserJoinedEvent))]
[JsonSerializable(typeof(UserLeftEvent))]
[JsonSerializable(typeof(NewMessageEvent))]
[JsonSerializable(typeof(StoredMessageEvent))]
[JsonSerializable(typeof(UserTypingEvent))]
[JsonSerializable(typeof(ErrorEvent))]
[JsonSerializable(typeof(JoinRoomRequest))]
[JsonSerializable(typeof(LeaveRoomRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(TypingRequest))]
[JsonSerializable(typeof(ChatAck))]
[JsonSerializable(typeof(RawJson))]
[JsonSerializable(typeof(MessageStoredAck))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(RoomsResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(AnalyticsResponse))]
[JsonSerializable(typeof(HandoffRequestedEvent))]
[JsonSerializable(typeof(RecoveryState))]
[JsonSerializable(typeof(HandoffRequest))]
[JsonSerializable(typeof(HandoffStatusEvent))]
[JsonSerializable(typeof(HandoffListResponse))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
