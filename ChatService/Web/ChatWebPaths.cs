namespace ChatService.Web;

/// <summary>The files of the web UI, relative to the web root.</summary>
internal static class ChatWebPaths
{
    /// <summary>The chat page, served at <c>/</c>.</summary>
    public const string ChatPage = "index.html";

    /// <summary>The operators' dashboard, served at <c>/dashboard</c>.</summary>
    public const string DashboardPage = "dashboard.html";
}
