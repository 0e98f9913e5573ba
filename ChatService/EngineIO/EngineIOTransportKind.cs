namespace ChatService.EngineIO;

/// <summary>The transport a session currently uses.</summary>
public enum EngineIOTransportKind
{
    /// <summary>HTTP long-polling.</summary>
    Polling,
    /// <summary>WebSocket.</summary>
    WebSocket,
}
