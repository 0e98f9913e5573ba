using ChatService.EngineIO;
using ChatService.SocketIO;

namespace ChatService.Hosting;

/// <summary>
/// Builds the web application: configuration the ASP.NET Core way (appsettings.json, environment variables,
/// command line) plus <c>--port N</c>. <c>Program</c> and the tests both start the service through here.
/// </summary>
/// <remarks>
/// <c>Mode=Conformance</c> hosts what the official protocol suites expect: a bare Engine.IO echo endpoint at
/// <c>/engine.io/</c> and the suites' handlers at <c>/socket.io/</c>.
/// </remarks>
public static class ChatServiceHost
{
    /// <summary>Builds the application from command-line arguments; <paramref name="configure"/> may adjust the builder.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(PortArgument.Rewrite(args));
        builder.Services.AddSocketIO();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        var io = app.MapSocketIO("/socket.io");

        // Until the chat lands, the main endpoint hosts the protocol test handlers in every mode.
        ConformanceNamespaces.Map(io);
        if (string.Equals(app.Configuration["Mode"], "Conformance", StringComparison.OrdinalIgnoreCase))
        {
            app.MapEngineIO("/engine.io", new EngineIOEchoHandler());
        }

        return app;
    }
}
