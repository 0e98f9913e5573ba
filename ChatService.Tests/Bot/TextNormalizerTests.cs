using ChatService.Bot.Understanding;

namespace ChatService.Tests.Bot;

public sealed class TextNormalizerTests
{
    [TestCase("Olá, Tudo BEM?", "ola tudo bem")]
    [TestCase("EDUCAÇÃO", "educacao")]
    [TestCase("saúde, alimentação e moradia!!!", "saude alimentacao e moradia")]
    [TestCase("oiiiii", "oi")]
    [TestCase("ajudaaaa", "ajuda")]
    [TestCase("  muito   obrigado\t\n", "muito obrigado")]
    [TestCase("contato@integracao.com", "contato integracao com")]
    [TestCase("e-mail", "e mail")]
    [TestCase("24h", "24h")]
    [TestCase("😀 oi 🙏", "oi")]
    [TestCase("pão", "pao")]
    public void Normalizes(string input, string expected) =>
        Assert.That(TextNormalizer.Normalize(input), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("?!...")]
    [TestCase("😀😀😀")]
    public void NothingToSayGivesEmpty(string? input) =>
        Assert.That(TextNormalizer.Normalize(input), Is.Empty);

    [Test]
    public void SurvivesLoneSurrogates() =>
        Assert.That(TextNormalizer.Normalize("oi \uD83D tchau \uDE00"), Is.EqualTo("oi tchau"));

    [Test]
    public void TruncatesHugeInput()
    {
        var huge = string.Concat(Enumerable.Repeat("ajuda ", 100_000));
        Assert.That(TextNormalizer.Normalize(huge).Length, Is.LessThanOrEqualTo(TextNormalizer.MaxInputLength));
    }
}
