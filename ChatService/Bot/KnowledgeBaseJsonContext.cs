using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatService.Bot;

/// <summary>
/// Source-generated JSON for the knowledge base file. Operators edit it by hand, so comments and trailing commas are
/// accepted, and unknown properties are errors (a misspelt key would otherwise be silently ignored).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(KnowledgeBaseDocument))]
internal sealed partial class KnowledgeBaseJsonContext : JsonSerializerContext;
