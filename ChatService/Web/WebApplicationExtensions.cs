using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace ChatService.Web;

/// <summary>Serves the web UI: the chat page at <c>/</c>, the dashboard at <c>/dashboard</c>, their scripts and styles.</summary>
public static class WebApplicationExtensions
{
    // The pages load only their own scripts and styles, and talk only to this origin (HTTP and WebSocket).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>Adds the static files of the UI and maps <c>/dashboard</c>.</summary>
    public static WebApplication MapChatWeb(this WebApplication app)
    {
        var assets = app.Services.GetRequiredService<ChatWebAssets>();
        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".map"] = "application/json";

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = assets.FileProvider, DefaultFileNames = [ChatWebPaths.ChatPage] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = assets.FileProvider,
            ContentTypeProvider = contentTypes,
            OnPrepareResponse = static context => AddHeaders(context.Context.Response, context.File.Name),
        });

        app.MapGet("/dashboard", (HttpContext context) => ServePage(context, assets, ChatWebPaths.DashboardPage))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult ServePage(HttpContext context, ChatWebAssets assets, string page)
    {
        var file = assets.FileProvider.GetFileInfo(page);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return Results.NotFound();
        }

        AddHeaders(context.Response, page);
        return Results.File(file.PhysicalPath, "text/html; charset=utf-8");
    }

    private static void AddHeaders(HttpResponse response, string fileName)
    {
        var headers = response.Headers;
        // Revalidate every time: a new deployment is picked up at once (ETags keep it cheap).
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (fileName.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
