using ChatService.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatService.Tests.Web;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package (no browser download), driven by Playwright.
/// <c>$CHROMIUM_PATH</c> overrides <c>/usr/bin/chromium</c>. Playwright gives every launch a fresh temporary
/// profile (its own <c>--user-data-dir</c>), and each test opens its own context (no shared storage).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    // No network here: nothing in the background may try to reach the outside.
    private static readonly string[] s_flags =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    /// <summary>The browser.</summary>
    public IBrowser Chromium { get; }

    /// <summary>The Chromium executable used.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Launches Chromium; fails the test with a clear message when it is not installed.</summary>
    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"Chromium not found at {ExecutablePath}: install Debian's `chromium` package (scripts/test.sh does) or set CHROMIUM_PATH.");
        }

        var playwright = await Playwright.CreateAsync().DefaultTimeout(TimeSpan.FromSeconds(60));
        try
        {
            var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = s_flags,
                Timeout = 60_000,
            }).DefaultTimeout(TimeSpan.FromSeconds(90));
            return new Browser(playwright, chromium);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page in a new context, at <paramref name="width"/>×<paramref name="height"/>, with Portuguese as its language.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 860)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "pt-BR",
            TimezoneId = "America/Sao_Paulo",
        }).DefaultTimeout();
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync().DefaultTimeout();
        return page;
    }

    /// <summary>Closes the browser and the Playwright driver.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Chromium.CloseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _playwright.Dispose();
        }
    }
}
