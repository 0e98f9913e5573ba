using System.Globalization;
using System.Text.Json;
using ChatService.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatService.Tests.Web;

/// <summary>The operators' dashboard at <c>/dashboard</c> in real headless Chromium: its numbers follow <c>/api/chat/analytics</c> live.</summary>
[Category("Browser")]
[NonParallelizable]
public sealed class DashboardPageTests
{
    private static readonly CultureInfo s_portuguese = CultureInfo.GetCultureInfo("pt-BR");
    private Browser _browser = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowser() => _browser = await Browser.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Test]
    public async Task DashboardNumbersMatchAnalyticsAfterMessagesAreSent()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync([$"Storage:SqlitePath={Path.Combine(database.Path, "chat.db")}", "Chat:RateLimit:Enabled=false"]);

        // The dashboard is open before anything happens: it must update without a reload.
        var dashboard = await _browser.NewPageAsync(host.Address, width: 1280, height: 1100);
        await dashboard.GotoAsync("/dashboard?intervalo=1000").DefaultTimeout(TimeSpan.FromSeconds(30));
        await Assertions.Expect(dashboard.Locator("#total-messages")).ToHaveTextAsync("0").DefaultTimeout();
        await Assertions.Expect(dashboard.GetByRole(AriaRole.Heading, new() { Name = "Mensagens por sala" })).ToBeVisibleAsync().DefaultTimeout();

        var ana = new ChatPage(await _browser.NewPageAsync(host.Address));
        var bruno = new ChatPage(await _browser.NewPageAsync(host.Address));
        await ana.OpenAsync();
        await bruno.OpenAsync();
        await ana.JoinAsync("Ana", "Chat Geral");
        await bruno.JoinAsync("Bruno", "Ofertas de Ajuda");
        foreach (var i in Enumerable.Range(1, 3))
        {
            await ana.SendAsync($"Mensagem geral {i}");
            await ana.ExpectMessageAsync($"Mensagem geral {i}");
        }

        await bruno.SendAsync("Ofereço cestas básicas");
        await bruno.ExpectMessageAsync("Ofereço cestas básicas");

        using var http = new HttpClient { BaseAddress = host.Address };
        using var analytics = JsonDocument.Parse(await http.GetStringAsync("/api/chat/analytics").DefaultTimeout());
        var root = analytics.RootElement;
        var total = root.GetProperty("total_messages").GetInt64();
        Assert.That(total, Is.EqualTo(4));

        await Assertions.Expect(dashboard.Locator("#total-messages")).ToHaveTextAsync(Format(total)).DefaultTimeout();
        await Assertions.Expect(dashboard.Locator("#active-users")).ToHaveTextAsync(Format(root.GetProperty("active_users").GetInt64())).DefaultTimeout();
        await Assertions.Expect(dashboard.Locator("#total-rooms")).ToHaveTextAsync(Format(root.GetProperty("total_rooms").GetInt64())).DefaultTimeout();
        var last24h = root.GetProperty("hourly_activity").EnumerateArray().Sum(h => h.GetProperty("messages").GetInt64());
        await Assertions.Expect(dashboard.Locator("#messages-24h")).ToHaveTextAsync(Format(last24h)).DefaultTimeout();

        // The charts' text alternative: one table row per room and per hour, with the API's numbers.
        var rooms = await RoomNamesAsync(http);
        foreach (var room in root.GetProperty("messages_by_room").EnumerateObject())
        {
            // The tables sit in closed <details> (out of the accessibility tree until opened): find rows by their header text.
            var row = dashboard.Locator("#rooms-table tr").Filter(new() { Has = dashboard.Locator("th", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(rooms.GetValueOrDefault(room.Name, room.Name)) + "$") }) });
            await Assertions.Expect(row.Locator("td")).ToHaveTextAsync(Format(room.Value.GetInt64())).DefaultTimeout();
        }

        await Assertions.Expect(dashboard.Locator("#hourly-table tr")).ToHaveCountAsync(24).DefaultTimeout();
        var lastHour = root.GetProperty("hourly_activity").EnumerateArray().Last();
        await Assertions.Expect(dashboard.Locator("#hourly-table tr").Last.Locator("th")).ToHaveTextAsync(lastHour.GetProperty("hour").GetString()!).DefaultTimeout();
        await Assertions.Expect(dashboard.Locator("#hourly-table tr").Last.Locator("td")).ToHaveTextAsync(Format(lastHour.GetProperty("messages").GetInt64())).DefaultTimeout();

        // Charts were drawn (Chart.js from npm, loaded by the page).
        Assert.That(await dashboard.EvaluateAsync<bool>("typeof Chart === 'function' && !!Chart.getChart('rooms-chart') && !!Chart.getChart('hourly-chart')").DefaultTimeout(), Is.True);
        await Screenshots.SaveAsync(dashboard, "dashboard", fullPage: true);
    }

    private static string Format(long value) => value.ToString("N0", s_portuguese);

    private static async Task<Dictionary<string, string>> RoomNamesAsync(HttpClient http)
    {
        using var rooms = JsonDocument.Parse(await http.GetStringAsync("/api/chat/rooms").DefaultTimeout());
        return rooms.RootElement.GetProperty("rooms").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("name").GetString()!);
    }
}
