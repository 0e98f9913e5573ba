using ChatService.Bot;

namespace ChatService.Tests.Bot;

/// <summary>The knowledge base shipped with the app (copied next to the test assembly), loaded once.</summary>
internal static class ShippedKnowledgeBase
{
    private static readonly Lazy<KnowledgeBase> Lazy = new(() => KnowledgeBaseLoader.LoadFile(Path, new BotOptions().ConfidenceThreshold));

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "knowledge-base.pt-BR.json");

    public static KnowledgeBase Instance => Lazy.Value;
}
