using ChatService.Bot.Understanding;

namespace ChatService.Tests.Bot;

/// <summary>The analysis pipeline with the shipped knowledge base's abbreviations, synonyms and vocabulary.</summary>
public sealed class TextAnalyzerTests
{
    private static TextAnalyzer Analyzer => ShippedKnowledgeBase.Instance.Matcher.Analyzer;

    private static string Stems(string text) => string.Join(' ', Analyzer.Analyze(text));

    [TestCase("vc", "voce")]
    [TestCase("vcs", "voces")]
    [TestCase("pra", "para")]
    [TestCase("tbm", "tambem")]
    [TestCase("obg", "obrigado")]
    [TestCase("vlw", "valeu")]
    [TestCase("msg", "mensagem")]
    [TestCase("cadê", "onde")]
    [TestCase("oq", "o que")]
    public void ExpandsChatAbbreviations(string abbreviation, string expansion)
    {
        // Stopwords disappear from the analysis, so compare the analyses rather than the words.
        Assert.That(Stems($"{abbreviation} cadastro"), Is.EqualTo(Stems($"{expansion} cadastro")));
    }

    [TestCase("comida", "alimentação")]
    [TestCase("fome", "alimentação")]
    [TestCase("cesta básica", "alimentação")]
    [TestCase("médico", "saúde")]
    [TestCase("remédio", "saúde")]
    [TestCase("posto de saúde", "saúde")]
    [TestCase("vaga", "emprego")]
    [TestCase("trabalho", "emprego")]
    [TestCase("currículo", "emprego")]
    [TestCase("aluguel", "moradia")]
    [TestCase("abrigo", "moradia")]
    [TestCase("escola", "educação")]
    [TestCase("curso", "educação")]
    [TestCase("estudar", "educação")]
    [TestCase("registrar", "cadastro")]
    [TestCase("inscrever", "cadastro")]
    [TestCase("humano", "atendente")]
    [TestCase("pessoa de verdade", "atendente")]
    public void MapsSynonymsToTheirCanonicalWord(string variant, string canonical) =>
        Assert.That(Stems(variant), Is.EqualTo(Stems(canonical)));

    [Test]
    public void FoldsAccentsCasePluralsAndRepeats() =>
        Assert.That(Stems("VAGAS DE EMPREGOOO"), Is.EqualTo(Stems("vaga emprego")));

    [Test]
    public void CorrectsTyposAgainstTheKnowledgeBaseVocabulary()
    {
        Assert.That(Analyzer.CorrectedWords("como funsiona"), Is.EqualTo(new[] { "como", "funciona" }));
        Assert.That(Stems("voluntaro"), Is.EqualTo(Stems("voluntário")));
    }

    [Test]
    public void DropsStopwords() =>
        Assert.That(Analyzer.Analyze("o que é que a gente faz com isso?"), Has.None.EqualTo("que").And.None.EqualTo("isso"));
}
