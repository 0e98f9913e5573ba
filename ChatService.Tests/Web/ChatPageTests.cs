using System.Net;
using System.Net.Sockets;
using ChatService.Chat;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChatService.Tests.Web;

/// <summary>
/// The chat page at <c>/</c> in real headless Chromium against the real service (a fresh <see cref="TestHost"/>
/// with its own SQLite file per test): people chat in real time, see who types, get the bot's answers, and
/// a page survives a server restart and shows what it missed.
/// </summary>
[Category("Browser")]
[NonParallelizable]
public sealed class ChatPageTests
{
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

    private static IEnumerable<string> Settings(TemporaryDirectory database) =>
    [
        $"Storage:SqlitePath={Path.Combine(database.Path, "chat.db")}",
        "Chat:RateLimit:Enabled=false",
        "Bot:ReplyDelay=00:00:00.200",
    ];

    [Test]
    public async Task TwoPagesChatWithEachOtherInRealTime()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync(Settings(database));
        var ana = new ChatPage(await _browser.NewPageAsync(host.Address));
        var bruno = new ChatPage(await _browser.NewPageAsync(host.Address));
        await ana.OpenAsync();
        await bruno.OpenAsync();
        await ana.JoinAsync("Ana", "Chat Geral");
        await bruno.JoinAsync("Bruno", "Chat Geral");

        await ana.SendAsync("Olá, Bruno! Tudo bem?");
        await bruno.ExpectMessageAsync("Olá, Bruno! Tudo bem?");
        await ana.ExpectMessageAsync("Olá, Bruno! Tudo bem?");

        await bruno.SendAsync("Tudo ótimo, Ana. Procuro vagas de emprego.");
        await ana.ExpectMessageAsync("Tudo ótimo, Ana. Procuro vagas de emprego.");

        // The author is shown with the message; the sender's own bubble is marked as theirs.
        await Assertions.Expect(ana.Message("Tudo ótimo, Ana. Procuro vagas de emprego.").Locator(".message-author")).ToHaveTextAsync("Bruno").DefaultTimeout();
        await Assertions.Expect(ana.Message("Olá, Bruno! Tudo bem?")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("message--mine")).DefaultTimeout();
        await Screenshots.SaveAsync(ana.Page, "chat-desktop", fullPage: true);
    }

    [Test]
    public async Task UserTextIsShownAsTextNeverAsHtml()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync(Settings(database));
        var page = new ChatPage(await _browser.NewPageAsync(host.Address));
        await page.OpenAsync();
        await page.JoinAsync("<b>Eve</b>", "Chat Geral");

        const string hostile = "<img src=x onerror=\"document.body.dataset.pwned='1'\"> <script>document.body.dataset.pwned='1'</script>";
        await page.SendAsync(hostile);
        await page.ExpectMessageAsync(hostile);

        Assert.That(await page.Messages.Locator("img, script").CountAsync().DefaultTimeout(), Is.Zero);
        Assert.That(await page.Page.EvaluateAsync<string?>("document.body.dataset.pwned ?? null").DefaultTimeout(), Is.Null);
        await Assertions.Expect(page.Message(hostile).Locator(".message-author")).ToHaveTextAsync("<b>Eve</b>").DefaultTimeout();
    }

    [Test]
    public async Task ShiftEnterMakesANewLineAndEnterSends()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync(Settings(database));
        var page = new ChatPage(await _browser.NewPageAsync(host.Address));
        await page.OpenAsync();
        await page.JoinAsync("Carla", "Ofertas de Ajuda");

        // Keyboard only: after joining, the focus is already in the message box.
        await Assertions.Expect(page.MessageBox).ToBeFocusedAsync().DefaultTimeout();
        await page.Page.Keyboard.TypeAsync("Ofereço aulas de reforço").DefaultTimeout();
        await page.Page.Keyboard.PressAsync("Shift+Enter").DefaultTimeout();
        await page.Page.Keyboard.TypeAsync("aos sábados").DefaultTimeout();
        await Assertions.Expect(page.MessageBox).ToHaveValueAsync("Ofereço aulas de reforço\naos sábados").DefaultTimeout();
        await page.Page.Keyboard.PressAsync("Enter").DefaultTimeout();

        await page.ExpectMessageAsync("Ofereço aulas de reforço\naos sábados");
        await Assertions.Expect(page.MessageBox).ToHaveValueAsync("").DefaultTimeout();
    }

    [Test]
    public async Task TypingShowsOnTheOtherPage()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync(Settings(database));
        var ana = new ChatPage(await _browser.NewPageAsync(host.Address));
        var bruno = new ChatPage(await _browser.NewPageAsync(host.Address));
        await ana.OpenAsync();
        await bruno.OpenAsync();
        await ana.JoinAsync("Ana", "Chat Geral");
        await bruno.JoinAsync("Bruno", "Chat Geral");

        await ana.MessageBox.FocusAsync().DefaultTimeout();
        await ana.Page.Keyboard.TypeAsync("Estou escrevendo").DefaultTimeout();
        await Assertions.Expect(bruno.Typing).ToHaveTextAsync("Ana está digitando…").DefaultTimeout();
        await Assertions.Expect(ana.Typing).ToHaveTextAsync("").DefaultTimeout();

        // Sending ends the typing indicator on the other page.
        await ana.Page.Keyboard.PressAsync("Enter").DefaultTimeout();
        await bruno.ExpectMessageAsync("Estou escrevendo");
        await Assertions.Expect(bruno.Typing).ToHaveTextAsync("").DefaultTimeout();
    }

    [Test]
    public async Task BotAnswersInSupport()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync(Settings(database));
        var page = new ChatPage(await _browser.NewPageAsync(host.Address));
        await page.OpenAsync();
        await page.JoinAsync("Diego", "Suporte");

        await page.SendAsync("Como faço para me cadastrar na plataforma?");
        await page.ExpectMessageAsync("Como faço para me cadastrar na plataforma?");

        var botReply = page.Messages.Locator("li.message--bot");
        await Assertions.Expect(botReply.First).ToBeVisibleAsync(new() { Timeout = 20_000 }).DefaultTimeout(TimeSpan.FromSeconds(25));
        await Assertions.Expect(botReply.First.Locator(".message-author")).ToHaveTextAsync("Assistente IntegrAção").DefaultTimeout();
        await Assertions.Expect(botReply.First.Locator(".badge")).ToHaveTextAsync("Assistente virtual").DefaultTimeout();
        Assert.That(await botReply.First.Locator(".message-text").TextContentAsync().DefaultTimeout(), Is.Not.Empty);
        await Screenshots.SaveAsync(page.Page, "chat-support-bot", fullPage: true);

        // The reply is counted on /metrics.
        using var http = new HttpClient { BaseAddress = host.Address };
        var metrics = ChatService.Tests.Metrics.PrometheusText.Parse(await http.GetStringAsync("/metrics").DefaultTimeout());
        Assert.That(metrics.Value("chatservice_bot_replies_total"), Is.GreaterThanOrEqualTo(1), metrics.Text);
        Assert.That(metrics.Value("chatservice_chat_messages_stored_total{type=\"bot\"}"), Is.GreaterThanOrEqualTo(1), metrics.Text);
    }

    [Test]
    public async Task PhoneWidthPageIsUsable()
    {
        using var database = new TemporaryDirectory();
        await using var host = await TestHost.StartAsync(Settings(database));
        var phone = new ChatPage(await _browser.NewPageAsync(host.Address, width: 360, height: 740));
        await phone.OpenAsync();
        await phone.JoinAsync("Elisa", "Chat Geral");
        await phone.SendAsync("Mensagem enviada pelo celular, com um texto um pouco mais longo para quebrar a linha.");
        await phone.ExpectMessageAsync("Mensagem enviada pelo celular, com um texto um pouco mais longo para quebrar a linha.");

        // Nothing is wider than the screen (no sideways scrolling).
        var overflow = await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth").DefaultTimeout();
        Assert.That(overflow, Is.LessThanOrEqualTo(0));
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = "Enviar" })).ToBeInViewportAsync().DefaultTimeout();
        await Screenshots.SaveAsync(phone.Page, "chat-phone");
    }

    [Test]
    public async Task PageSurvivesAServerRestartAndShowsTheMessagesItMissed()
    {
        using var database = new TemporaryDirectory();
        var port = FreePort();
        var settings = Settings(database).Append($"urls=http://127.0.0.1:{port}").ToArray();
        TestHost? host = await TestHost.StartAsync(settings);
        IPage? browserPage = null;
        try
        {
            var page = new ChatPage(browserPage = await _browser.NewPageAsync(host.Address));
            var address = host.Address;
            await page.OpenAsync();
            await page.JoinAsync("Fabi", "Chat Geral");
            await page.SendAsync("Antes de reiniciar");
            await page.ExpectMessageAsync("Antes de reiniciar");

            // The server goes away; the page notices and keeps trying.
            await host.DisposeAsync();
            host = null;
            await Assertions.Expect(page.Connection).Not.ToHaveAttributeAsync("data-state", "connected").DefaultTimeout(TimeSpan.FromSeconds(20));

            // Meanwhile other people talk: on another node of the same database the page never saw.
            var missed = new[] { "Perdida número 1", "Perdida número 2", "Perdida número 3" };
            await using (var elsewhere = await TestHost.StartAsync(Settings(database)))
            {
                var publisher = elsewhere.Services.GetRequiredService<ChatPublisher>();
                foreach (var text in missed)
                {
                    await publisher.PublishAsync(new NewChatMessage("general", "outra-pessoa", "Gabi", text, DateTimeOffset.UtcNow, MessageKind.User)).DefaultTimeout();
                }
            }

            // The service comes back on the same port with the same database.
            host = await TestHost.StartAsync(settings);
            Assert.That(host.Address, Is.EqualTo(address));
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(30));
            foreach (var text in missed)
            {
                await page.ExpectMessageAsync(text, TimeSpan.FromSeconds(20));
            }

            // In order, once each, after the message sent before the restart.
            var texts = await page.Messages.Locator("li.message .message-text").AllTextContentsAsync().DefaultTimeout();
            Assert.That(texts, Is.EqualTo(new[] { "Antes de reiniciar" }.Concat(missed).ToArray()));

            // And the page is live again.
            await page.SendAsync("Depois de reiniciar");
            await page.ExpectMessageAsync("Depois de reiniciar");
        }
        finally
        {
            if (browserPage is not null)
            {
                await browserPage.Context.CloseAsync().DefaultTimeout();
            }

            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
