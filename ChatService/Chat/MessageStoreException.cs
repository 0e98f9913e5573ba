namespace ChatService.Chat;

/// <summary>The store could not do what was asked (database locked, disk full, server down…).</summary>
public sealed class MessageStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MessageStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
