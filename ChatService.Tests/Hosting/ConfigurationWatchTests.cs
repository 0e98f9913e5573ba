using ChatService.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace ChatService.Tests.Hosting;

/// <summary>
/// Settings are read once at start: no configuration file is watched, because the watch covers the whole content
/// root — where the SQLite database lives by default, so that every database write woke the watcher.
/// </summary>
public sealed class ConfigurationWatchTests
{
    [Test]
    public async Task NoConfigurationFileIsWatched()
    {
        using var database = new Infrastructure.TemporaryDirectory();
        await using var app = ChatServiceHost.Build([$"--Storage:SqlitePath={Path.Combine(database.Path, "chat.db")}"]);

        var jsonSources = ((IConfigurationRoot)app.Configuration).Providers
            .OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.That(jsonSources, Is.Not.Empty, "appsettings.json is still read");
        Assert.That(jsonSources.Select(s => s.ReloadOnChange), Is.All.False);
    }
}
