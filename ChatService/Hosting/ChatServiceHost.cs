using ChatService.EngineIO;

namespace ChatService.Hosting;

/// <summary>
/// Builds the web application: configuration the ASP.NET Core way (appsettings.json, environment variables,
/// command line) plus <c>--port N</c>. <c>Program</c> and the tests both start the service through here.
/// </summary>
public static class ChatServiceHost
{
    /// <summary>Builds the application from command-line arguments; <paramref name="configure"/> may adjust the builder.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(PortArgument.Rewrite(args));
        builder.Services.AddEngineIO();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapEngineIO("/engine.io", new EngineIOEchoHandler());
        return app;
    }
}
