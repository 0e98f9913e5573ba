using ChatService.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatService.Tests.Web;

/// <summary>
/// Screenshots of the browser tests: attached to the test result (TRX) and, when <c>$CHAT_SCREENSHOTS_DIR</c>
/// is set (for example to <c>docs/screenshots</c>), also copied there.
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled }).DefaultTimeout(TimeSpan.FromSeconds(30));
        TestContext.AddTestAttachment(path, name);

        if (Environment.GetEnvironmentVariable("CHAT_SCREENSHOTS_DIR") is { Length: > 0 } target)
        {
            Directory.CreateDirectory(target);
            File.Copy(path, Path.Combine(target, name + ".png"), overwrite: true);
        }
    }
}
