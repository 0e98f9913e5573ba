using ChatService.Bot.Understanding;

namespace ChatService.Tests.Bot;

public sealed class PortugueseStemmerTests
{
    // Forms of one word must meet; the stem itself need not be a real root.
    [TestCase("cadastro", "cadastrar", "cadastrei", "cadastrado", "cadastrada", "cadastros")]
    [TestCase("vaga", "vagas")]
    [TestCase("emprego", "empregos")]
    [TestCase("informacao", "informacoes")]
    [TestCase("papel", "papeis")]
    [TestCase("mensagem", "mensagens")]
    [TestCase("mulher", "mulheres")]
    [TestCase("ajuda", "ajudar", "ajudou", "ajudando", "ajudam", "ajudamos")]
    [TestCase("obrigado", "obrigada", "obrigados")]
    [TestCase("preciso", "precisa", "precisar", "precisando")]
    [TestCase("duvida", "duvidas")]
    [TestCase("voluntario", "voluntaria", "voluntarios")]
    public void FoldsFormsOfOneWord(string first, params string[] others)
    {
        var stem = PortugueseStemmer.Stem(first);
        foreach (var other in others)
        {
            Assert.That(PortugueseStemmer.Stem(other), Is.EqualTo(stem), other);
        }
    }

    [TestCase("realmente", "real")]
    [TestCase("educacao", "educ")]
    [TestCase("procurando", "procur")]
    public void StripsSuffixes(string word, string stem) =>
        Assert.That(PortugueseStemmer.Stem(word), Is.EqualTo(stem));

    [TestCase("oi")]
    [TestCase("ola")]
    [TestCase("como")]
    [TestCase("casa")]
    [TestCase("onibus")]
    [TestCase("gratis")]
    [TestCase("24h")]
    public void KeepsShortAndSingularWords(string word) =>
        Assert.That(PortugueseStemmer.Stem(word), Is.EqualTo(word));

    [Test]
    public void KeepsShortWordsApart() =>
        Assert.That(PortugueseStemmer.Stem("como"), Is.Not.EqualTo(PortugueseStemmer.Stem("comida")));
}
