using System.ComponentModel.DataAnnotations;

namespace ChatService.Chat;

/// <summary>Chat settings, bound from the <c>Chat</c> configuration section.</summary>
public sealed class ChatOptions
{
    /// <summary>The rooms listed by <c>/api/chat/rooms</c>. The default is general, support and offers.</summary>
    public List<RoomOptions> Rooms { get; set; } = [];

    /// <summary>Whether other room ids may be joined. The default is <see cref="RoomPolicy.Open"/>.</summary>
    public RoomPolicy RoomPolicy { get; set; } = RoomPolicy.Open;

    /// <summary>The room a join without <c>room_id</c> goes to. The default is <c>general</c>.</summary>
    public string DefaultRoom { get; set; } = "general";

    /// <summary>The longest message, in characters after trimming. The default is 2,000.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>The longest username, in characters. The default is 50.</summary>
    [Range(1, 200)]
    public int MaxUsernameLength { get; set; } = 50;

    /// <summary>How many messages history returns by default (and <c>room_joined</c> carries). The default is 50.</summary>
    [Range(1, 200)]
    public int HistoryLimit { get; set; } = 50;

    /// <summary>The most a history request may ask for. The default is 200.</summary>
    [Range(1, 10_000)]
    public int MaxHistoryLimit { get; set; } = 200;

    /// <summary>The IANA time zone of <c>hourly_activity</c>. The default is America/Sao_Paulo.</summary>
    public string TimeZone { get; set; } = "America/Sao_Paulo";

    /// <summary>
    /// Names no client may take (compared without case or accents). The default reserves the bot's name
    /// and <c>bot</c>.
    /// </summary>
    public List<string> ReservedUsernames { get; set; } = ["Assistente IntegrAção", "bot"];

    /// <summary>Per-connection rate limits.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The three rooms of the original service.</summary>
    public static IReadOnlyList<RoomOptions> DefaultRooms { get; } =
    [
        new() { Id = "general", Name = "Chat Geral", Description = "Conversa geral da comunidade" },
        new() { Id = "support", Name = "Suporte", Description = "Tire suas dúvidas com nossa equipe" },
        new() { Id = "offers", Name = "Ofertas de Ajuda", Description = "Compartilhe e encontre ofertas" },
    ];

    /// <summary>The configured rooms, or the defaults when none are configured.</summary>
    public IReadOnlyList<RoomOptions> EffectiveRooms => Rooms.Count > 0 ? Rooms : DefaultRooms;
}
