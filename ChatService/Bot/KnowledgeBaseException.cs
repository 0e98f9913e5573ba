namespace ChatService.Bot;

/// <summary>The knowledge base file cannot be read, parsed or is invalid; the message says where and why.</summary>
internal sealed class KnowledgeBaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KnowledgeBaseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
