using ChatService.Adapters.Redis;
using ChatService.Api;
using ChatService.Bot;
using ChatService.Bot.Support;
using ChatService.Chat;
using ChatService.Chat.Auth;
using ChatService.Chat.Support;
using ChatService.EngineIO;
using ChatService.Hosting.Limits;
using ChatService.Metrics;
using ChatService.SocketIO;
using ChatService.Storage;
using ChatService.Storage.Redis;
using ChatService.Web;

namespace ChatService.Hosting;

/// <summary>
/// Builds the web application: configuration the ASP.NET Core way (appsettings.json, environment variables,
/// command line) plus <c>--port N</c>. <c>Program</c> and the tests both start the service through here.
/// </summary>
/// <remarks>
/// The default mode is the chat service. <c>Mode=Conformance</c> hosts instead what the official protocol
/// suites expect: a bare Engine.IO echo endpoint at <c>/engine.io/</c> and the suites' handlers (plus a few
/// more protocol test handlers) at <c>/socket.io/</c>, with connection state recovery off.
/// </remarks>
public static class ChatServiceHost
{
    /// <summary>Builds the application from command-line arguments; <paramref name="configure"/> may adjust the builder.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Configuration is read once at start (nothing here reloads options). Watching appsettings.json for changes
        // would watch the whole content root, where the SQLite database lives by default: every write of the
        // database then woke the watcher (measured: ~130 B and a thread wake-up per write in chatty load).
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. PortArgument.Rewrite(args)]);
        var conformance = string.Equals(builder.Configuration["Mode"], "Conformance", StringComparison.OrdinalIgnoreCase);
        builder.AddHttpLimits();

        // The chat recovers cut connections by default (configuration can turn it off); the suites need it off.
        builder.Services.Configure<SocketIOOptions>(o => o.ConnectionStateRecovery.Enabled = !conformance);
        builder.Services.AddSocketIO();
        if (conformance)
        {
            builder.Services.PostConfigure<SocketIOOptions>(o => o.ConnectionStateRecovery.Enabled = false);
        }
        else
        {
            builder.AddChatCors();
            builder.Services.AddChat();
            builder.Services.AddJwtAuth();
            builder.Services.AddStorage();
            builder.Services.AddChatApi();
            builder.Services.AddSupportBot();
            builder.Services.AddChatWeb();
            builder.Services.AddChatMetrics();
            if (builder.Configuration.IsRedisConfigured())
            {
                // Several nodes: broadcasts, presence and recovery sessions go through Redis.
                builder.Services.AddRedisAdapter();
                builder.Services.AddRedisPresence();
            }
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        var io = app.MapSocketIO("/socket.io");
        if (conformance)
        {
            ConformanceNamespaces.Map(io);
            app.MapEngineIO("/engine.io", new EngineIOEchoHandler());
            return app;
        }

        app.UseCors();
        app.UseChatMetrics();
        app.MapChatWeb();
        app.MapChatMetrics();

        // Load the knowledge base now: a broken file stops the start with a clear error.
        _ = app.Services.GetRequiredService<KnowledgeBaseProvider>().Current;
        var main = io.Of("/");
        app.Services.GetRequiredService<JwtAuthenticator>().Map(main);
        app.Services.GetRequiredService<SupportAgentHandlers>().Map(main);
        app.Services.GetRequiredService<ChatSocketHandlers>().Map(main);
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapChatApi();
        app.MapSupportApi();
        return app;
    }
}
