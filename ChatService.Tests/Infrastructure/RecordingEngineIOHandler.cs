using System.Text;
using ChatService.EngineIO;

namespace ChatService.Tests.Infrastructure;

/// <summary>An Engine.IO handler that records what reached it: messages as text, and closes with their reasons.</summary>
public sealed class RecordingEngineIOHandler : IEngineIOHandler
{
    public List<(string Sid, EngineIOCloseReason Reason)> Closed { get; } = [];

    public List<string> Messages { get; } = [];

    public ValueTask OnOpenedAsync(EngineIOSession session) => ValueTask.CompletedTask;

    public ValueTask OnMessageAsync(EngineIOSession session, ReadOnlyMemory<byte> data, bool isBinary)
    {
        Messages.Add(isBinary ? "binary " + Convert.ToHexString(data.Span) : "text " + Encoding.UTF8.GetString(data.Span));
        return ValueTask.CompletedTask;
    }

    public void OnClosed(EngineIOSession session, EngineIOCloseReason reason) => Closed.Add((session.Id, reason));
}
