using ChatService.Bot.Understanding;

namespace ChatService.Tests.Bot;

public sealed class TypoCorrectorTests
{
    private static readonly TypoCorrector Corrector = new(new Dictionary<string, int>
    {
        ["cadastro"] = 5, ["emprego"] = 4, ["saude"] = 3, ["moradia"] = 2, ["bot"] = 1, ["ajuda"] = 9, ["funciona"] = 3,
        ["voluntario"] = 2, ["cadastre"] = 1,
    });

    [TestCase("cadsatro", "cadastro")] // transposition
    [TestCase("cadastru", "cadastro")] // substitution
    [TestCase("emprgo", "emprego")]    // deletion
    [TestCase("saudee", "saude")]      // insertion
    [TestCase("funsiona", "funciona")]
    [TestCase("volutario", "voluntario")]
    [TestCase("ajdua", "ajuda")]
    [TestCase("moraddia", "moradia")]
    [TestCase("emprgoo", "emprego")]   // two edits: allowed from seven letters on
    public void CorrectsTyposToTheClosestWord(string typo, string expected) =>
        Assert.That(Corrector.Correct(typo), Is.EqualTo(expected));

    [TestCase("lot")]    // three letters: too many words are one edit apart ("lot" → "bot")
    [TestCase("banana")] // far from everything
    [TestCase("cdstr")]  // two edits are too many for five letters
    public void LeavesWordsWithoutCloseMatch(string word) =>
        Assert.That(Corrector.Correct(word), Is.Null);

    [Test]
    public void PrefersTheMoreFrequentWordOnTies() =>
        Assert.That(Corrector.Correct("cadastrx"), Is.EqualTo("cadastro"));

    [TestCase(2, 0)]
    [TestCase(3, 0)]
    [TestCase(4, 1)]
    [TestCase(6, 1)]
    [TestCase(7, 2)]
    [TestCase(12, 2)]
    public void AllowsMoreEditsForLongerWords(int length, int edits) =>
        Assert.That(TypoCorrector.MaxEdits(length), Is.EqualTo(edits));

    [TestCase("abc", "abc", 0)]
    [TestCase("abc", "acb", 1)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("", "abc", 3)]
    public void MeasuresDamerauLevenshtein(string a, string b, int expected) =>
        Assert.That(DamerauLevenshtein.Distance(a, b, 5), Is.EqualTo(expected));

    [Test]
    public void StopsEarlyPastTheMaximum() =>
        Assert.That(DamerauLevenshtein.Distance("kitten", "sitting", 1), Is.EqualTo(2));
}
