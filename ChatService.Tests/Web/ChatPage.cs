using ChatService.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatService.Tests.Web;

/// <summary>The chat page as a person uses it: by labels and roles, with the keyboard.</summary>
public sealed class ChatPage
{
    public ChatPage(IPage page) => Page = page;

    public IPage Page { get; }

    public ILocator Messages => Page.GetByRole(AriaRole.Log, new() { Name = "Mensagens da sala" });

    public ILocator MessageBox => Page.GetByLabel("Mensagem", new() { Exact = true });

    public ILocator Typing => Page.Locator("#typing");

    public ILocator Connection => Page.Locator("#connection");

    public ILocator Error => Page.GetByRole(AriaRole.Alert);

    public async Task OpenAsync()
    {
        await Page.GotoAsync("/").DefaultTimeout(TimeSpan.FromSeconds(30));
        await WaitConnectedAsync();
    }

    public Task WaitConnectedAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(15);
        return Assertions.Expect(Connection).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = (float)wait.TotalMilliseconds })
            .DefaultTimeout(wait + TimeSpan.FromSeconds(5));
    }

    /// <summary>Fills the name, picks the room by its visible name, presses Entrar, waits for the room to show.</summary>
    public async Task JoinAsync(string username, string roomName)
    {
        await Page.GetByLabel("Seu nome").FillAsync(username).DefaultTimeout();
        // The room list comes from /api/chat/rooms: wait until the room is offered.
        var room = Page.GetByRole(AriaRole.Combobox, new() { Name = "Sala", Exact = true });
        await Assertions.Expect(room.Locator("option", new() { HasText = roomName })).ToHaveCountAsync(1).DefaultTimeout(TimeSpan.FromSeconds(20));
        await room.SelectOptionAsync(new SelectOptionValue { Label = roomName }).DefaultTimeout();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Entrar na sala" }).ClickAsync().DefaultTimeout();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = roomName, Level = 2 })).ToBeVisibleAsync().DefaultTimeout(TimeSpan.FromSeconds(20));
    }

    /// <summary>Types a message and presses Enter (the way the page says to send).</summary>
    public async Task SendAsync(string text)
    {
        await MessageBox.FocusAsync().DefaultTimeout();
        await MessageBox.FillAsync(text).DefaultTimeout();
        await MessageBox.PressAsync("Enter").DefaultTimeout();
    }

    /// <summary>The message bubbles whose text is <paramref name="text"/>.</summary>
    public ILocator Message(string text) =>
        Messages.Locator("li.message").Filter(new() { Has = Page.Locator(".message-text", new() { HasTextString = text }) });

    public Task ExpectMessageAsync(string text, TimeSpan? timeout = null) =>
        Assertions.Expect(Message(text)).ToHaveCountAsync(1, new() { Timeout = (float)(timeout ?? TimeSpan.FromSeconds(15)).TotalMilliseconds })
            .DefaultTimeout((timeout ?? TimeSpan.FromSeconds(15)) + TimeSpan.FromSeconds(5));
}
