using System.Text.Json.Serialization;

namespace ChatService.Hosting;

/// <summary>JSON metadata for the conformance host.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Refusal))]
internal sealed partial class ConformanceJsonContext : JsonSerializerContext;
