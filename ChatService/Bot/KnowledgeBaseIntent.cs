namespace ChatService.Bot;

/// <summary>One intent of a loaded knowledge base.</summary>
/// <param name="Id">The intent id.</param>
/// <param name="Social">Whether it is small talk (greeting, thanks, goodbye), which a question in the same message overrides.</param>
/// <param name="Examples">Ways users say it.</param>
/// <param name="Answers">What the bot answers.</param>
internal sealed record KnowledgeBaseIntent(string Id, bool Social, IReadOnlyList<string> Examples, IReadOnlyList<string> Answers);
