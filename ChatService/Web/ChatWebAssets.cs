using Microsoft.Extensions.FileProviders;

namespace ChatService.Web;

/// <summary>
/// Where the page, the dashboard and their libraries are read from: the host's web root when it holds the
/// page (<c>dotnet run</c> in the project folder, a published app), otherwise the <c>wwwroot</c> folder next
/// to the assembly (the build copies it there, so a host started from any folder — the tests' — serves it).
/// </summary>
internal sealed class ChatWebAssets
{
    public ChatWebAssets(IWebHostEnvironment environment)
    {
        var webRoot = environment.WebRootPath;
        var root = webRoot is { Length: > 0 } && File.Exists(Path.Combine(webRoot, ChatWebPaths.ChatPage))
            ? webRoot
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        Root = root;
        FileProvider = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();
    }

    /// <summary>The folder served.</summary>
    public string Root { get; }

    /// <summary>The files served.</summary>
    public IFileProvider FileProvider { get; }
}
