namespace ChatService.Chat;

/// <summary>Why an event was rejected: a stable <see cref="Code"/> for programs and a Portuguese <see cref="Message"/> for people.</summary>
public sealed record ChatError(string Code, string Message)
{
    /// <summary>The payload is not an object with the expected field types.</summary>
    public static ChatError InvalidPayload(string detail) => new("invalid_payload", "Dados inválidos: " + detail);

    /// <summary>The room id is not allowed.</summary>
    public static readonly ChatError InvalidRoom = new("invalid_room", "Sala inválida ou inexistente.");

    /// <summary>Posting or typing in a room the connection has not joined.</summary>
    public static readonly ChatError NotInRoom = new("not_in_room", "Entre na sala antes de enviar mensagens.");

    /// <summary>A username that is empty, too long or reserved.</summary>
    public static ChatError InvalidUsername(string detail) => new("invalid_username", detail);

    /// <summary>Empty after sanitizing.</summary>
    public static readonly ChatError EmptyMessage = new("empty_message", "A mensagem está vazia.");

    /// <summary>Over the configured length.</summary>
    public static ChatError MessageTooLong(int max) => new("message_too_long", $"A mensagem passa de {max} caracteres.");

    /// <summary>Over the rate limit.</summary>
    public static readonly ChatError RateLimited = new("rate_limited", "Muitas mensagens em pouco tempo. Aguarde um instante.");

    /// <summary>The store failed.</summary>
    public static readonly ChatError StorageUnavailable = new("storage_unavailable", "Não foi possível salvar a mensagem. Tente novamente.");
}
