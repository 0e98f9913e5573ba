using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatService.SocketIO;

/// <summary>Source-generated JSON metadata for the few values the protocol layer itself reads and writes.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
public sealed partial class SocketIOJsonContext : JsonSerializerContext;
