namespace ChatService.Bot.Support;

/// <summary>What the bot does with one user message: stay quiet, or reply (and maybe hand the user to a person).</summary>
internal readonly record struct BotTurn(string? Reply, bool StartsHandoff)
{
    public static BotTurn Quiet => default;
}
