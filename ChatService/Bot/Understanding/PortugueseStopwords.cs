namespace ChatService.Bot.Understanding;

/// <summary>
/// Function words that carry no intent, in normalized form (Portuguese plus the few English ones that English
/// questions need). Question words (como, onde, quem, qual) and verbs like quero/preciso are kept on purpose:
/// they help telling intents apart, and inverse document frequency already gives them little weight.
/// </summary>
internal static class PortugueseStopwords
{
    // Written as people spell them; normalized once (accents, doubled letters) to compare with normalized words.
    private static readonly HashSet<string> Words = new[]
    {
        "a", "o", "as", "os", "um", "uma", "uns", "umas", "de", "do", "da", "dos", "das", "em", "no", "na", "nos",
        "nas", "num", "numa", "por", "pelo", "pela", "pelos", "pelas", "para", "pra", "com", "e", "ou", "que", "se",
        "me", "te", "lhe", "eu", "tu", "ele", "ela", "eles", "elas", "voce", "voces", "vc", "meu", "minha", "meus",
        "minhas", "seu", "sua", "seus", "suas", "isso", "isto", "esse", "essa", "este", "esta", "estes", "estas",
        "aquele", "aquela", "aquilo", "ao", "aos", "ja", "so", "muito", "muita", "mais", "tambem", "estou", "estamos",
        "sou", "ser", "foi", "era", "tem", "ter", "tenho", "ha", "aqui", "la", "entao", "ne", "mesmo",
        "agora", "hoje", "sobre", "algum", "alguma", "vou", "vai", "ta", "to", "gente", "favor", "sim",
        "the", "an", "of", "is", "it", "i", "my", "you", "your", "and", "or", "in", "on", "this", "that", "be",
        "are", "am", "do", "does", "can", "please", "for", "with", "some", "there", "d", "s", "m", "ll", "re", "ve",
        "like", "would", "gostaria", "queria", "saber", "poderia", "nao", "ok", "okay",
    }.Select(TextNormalizer.Normalize).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a normalized word is a stopword.</summary>
    public static bool Contains(string word) => Words.Contains(word);

    /// <summary>All stopwords, for the typo corrector's vocabulary.</summary>
    public static IEnumerable<string> All => Words;
}
