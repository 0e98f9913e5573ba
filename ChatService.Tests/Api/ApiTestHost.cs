using ChatService.Api;
using ChatService.Chat;
using ChatService.Storage;
using ChatService.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatService.Tests.Api;

/// <summary>
/// The REST API on real Kestrel (127.0.0.1, port 0) with the SQLite store under <paramref name="contentRoot"/>, wired as
/// the service wires it (AddChat, AddStorage, AddChatApi; MapOpenApi, MapHealthApi, MapChatApi). Used until
/// ChatServiceHost maps the API itself; then these tests can move to <see cref="TestHost"/>.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiTestHost> StartAsync(string contentRoot, IEnumerable<string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. (settings ?? []).Select(s => "--" + s)],
            ContentRootPath = contentRoot,
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddChat();
        builder.Services.AddStorage();
        builder.Services.AddChatApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapChatApi();

        await app.StartAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new ApiTestHost(app, new Uri(addresses.Addresses.First()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await _app.StopAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
