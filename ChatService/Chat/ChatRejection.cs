using ChatService.Chat.Contracts;
using ChatService.SocketIO;

namespace ChatService.Chat;

/// <summary>How every rejected client event is answered: an <c>error</c> event and, when asked, the ack, both with <c>{code, message}</c>.</summary>
internal static class ChatRejection
{
    public static void Send(SocketIOEvent e, ChatError error)
    {
        ChatMetrics.EventRejected(error.Code);
        var payload = new ErrorEvent(error.Code, error.Message, e.Name);
        e.Socket.Emit(ChatEvents.Error, payload, ChatJsonContext.Default.ErrorEvent);
        e.Ack(new ChatAck(false, null, payload), ChatJsonContext.Default.ChatAck);
    }
}
