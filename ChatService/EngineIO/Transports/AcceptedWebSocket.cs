using System.IO.Pipelines;

namespace ChatService.EngineIO.Transports;

/// <summary>A WebSocket accepted in the HTTP pipeline: pipes over the upgraded stream, released together.</summary>
internal sealed class AcceptedWebSocket(PipeReader input, PipeWriter output, Stream stream) : IAsyncDisposable
{
    /// <summary>The bytes from the client.</summary>
    public PipeReader Input => input;

    /// <summary>The bytes to the client.</summary>
    public PipeWriter Output => output;

    /// <summary>Completes both pipes (returning their buffers) and disposes the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        await input.CompleteAsync().ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
    }
}
