using System.ComponentModel.DataAnnotations;

namespace ChatService.Bot;

/// <summary>Support bot settings, bound from the <c>Bot</c> configuration section.</summary>
public sealed class BotOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Bot";

    /// <summary>
    /// The knowledge base file. A relative path is resolved against the application directory
    /// (<see cref="AppContext.BaseDirectory"/>). The file is reloaded when it changes.
    /// The default is <c>knowledge-base.pt-BR.json</c>, the file shipped next to the app.
    /// </summary>
    [Required]
    public string KnowledgeBasePath { get; set; } = "knowledge-base.pt-BR.json";

    /// <summary>
    /// The confidence (0 to 1) under which a message is not understood and the bot answers with the fallback
    /// (asks to rephrase and offers a person). The default is 0.3.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ConfidenceThreshold { get; set; } = 0.3;

    /// <summary>How long the bot "types" before it replies. The default is 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReplyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The bot's display name. The default is <c>Assistente IntegrAção</c>.</summary>
    [Required]
    public string Name { get; set; } = "Assistente IntegrAção";

    /// <summary>The bot's <c>user_id</c>. The default is <c>bot</c>.</summary>
    [Required]
    public string UserId { get; set; } = "bot";

    /// <summary>The room the bot answers in. The default is <c>support</c>.</summary>
    [Required]
    public string Room { get; set; } = "support";

    /// <summary>
    /// How long a hand-off request waits for an agent before the user gets an apology with the contact e-mail.
    /// The default is 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HandoffTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many messages in a row the bot may fail to understand before it hands the user to a person.
    /// The default is 2.
    /// </summary>
    [Range(1, 100)]
    public int FailuresBeforeHandoff { get; set; } = 2;

    /// <summary>
    /// How long the knowledge base file must stay quiet after a change before it is reloaded (editors write a file
    /// in several steps). The default is 500 milliseconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);
}
