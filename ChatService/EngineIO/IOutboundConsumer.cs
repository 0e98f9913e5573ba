namespace ChatService.EngineIO;

/// <summary>A reader of an <see cref="OutboundQueue"/> that is told, once per arming, that packets are waiting.</summary>
internal interface IOutboundConsumer
{
    /// <summary>Packets (or the completion) arrived while armed. Called on the producer's thread: must not block.</summary>
    void OnReady();

    /// <summary>The queue was completed (the session closed): called once, armed or not. Must not block.</summary>
    void OnCompleted();
}
