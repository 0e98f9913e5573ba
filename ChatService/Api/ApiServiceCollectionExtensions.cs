using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ChatService.Chat;
using ChatService.Chat.Contracts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.Api;

/// <summary>Registers what the REST API needs.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the analytics service, ProblemDetails, the OpenAPI document (served by <c>app.MapOpenApi()</c> at
    /// <c>/openapi/v1.json</c>), and the HTTP JSON options: snake_case names, nulls omitted, the chat's
    /// source-generated <see cref="ChatJsonContext"/> first in the resolver chain, and non-ASCII letters written as
    /// they are (<c>"IntegrAção"</c>, not <c>"IntegrA\u00e7\u00e3o"</c>).
    /// </summary>
    public static IServiceCollection AddChatApi(this IServiceCollection services)
    {
        services.TryAddSingleton<ChatAnalytics>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(static options =>
        {
            var json = options.SerializerOptions;
            json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            json.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default);
        });
        return services;
    }
}
