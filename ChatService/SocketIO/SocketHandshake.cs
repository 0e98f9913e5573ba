using System.Net;
using System.Text.Json;
using ChatService.EngineIO;
using Microsoft.Extensions.Primitives;

namespace ChatService.SocketIO;

/// <summary>What a socket's connection middleware sees: the HTTP handshake and the CONNECT <c>auth</c> payload.</summary>
public sealed class SocketHandshake
{
    private static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    // Most clients send no auth: they share one parsed empty object. Safe to share: an empty object has no
    // string to read, so not even JsonDocument's last-string cache is ever written.
    private static readonly JsonElement EmptyAuth = ParseAuth(EmptyObject);

    internal SocketHandshake(EngineIOHandshake http, ReadOnlyMemory<byte> authJson, DateTimeOffset time)
    {
        Http = http;
        AuthJson = authJson.IsEmpty ? EmptyObject : authJson;
        Time = time;
        Auth = authJson.IsEmpty ? EmptyAuth : ParseAuth(AuthJson);
    }

    /// <summary>The Engine.IO handshake request.</summary>
    public EngineIOHandshake Http { get; }

    /// <summary>Request headers.</summary>
    public IReadOnlyDictionary<string, StringValues> Headers => Http.Headers;

    /// <summary>Query string parameters.</summary>
    public IReadOnlyDictionary<string, StringValues> Query => Http.Query;

    /// <summary>The client's address.</summary>
    public IPAddress? Address => Http.RemoteAddress;

    /// <summary>The <c>auth</c> object of the CONNECT packet (an empty object when the client sent none).</summary>
    public JsonElement Auth { get; }

    /// <summary>The <c>auth</c> object as the client sent it.</summary>
    public ReadOnlyMemory<byte> AuthJson { get; }

    /// <summary>When the CONNECT packet arrived.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>A string property of <see cref="Auth"/>, or null.</summary>
    public string? GetAuthString(string name) =>
        Auth.ValueKind == JsonValueKind.Object && Auth.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonElement ParseAuth(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
