using ChatService.Chat.Guards;

namespace ChatService.Tests.Chat;

public sealed class TextSanitizerTests
{
    [TestCase("  olá  ", "olá")]
    [TestCase("linha 1\r\nlinha 2\rlinha 3", "linha 1\nlinha 2\nlinha 3")]
    [TestCase("a\tb", "a\tb")]
    [TestCase("a\u0000b\u0007c\u001bd", "abcd")]
    [TestCase("\u202eevil\u202c text", "evil text")]
    [TestCase("zero\u200bwidth", "zerowidth")]
    [TestCase("família 👨‍👩‍👧", "família 👨‍👩‍👧")]
    [TestCase("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [TestCase("a\u2028b\u2029c", "abc")]
    [TestCase("abc\u007fdef\u0085g é\u00adh", "abcdefg éh")]
    public void CleansMessages(string input, string expected) => Assert.That(TextSanitizer.Message(input), Is.EqualTo(expected));

    [TestCase(" Ana\nMaria ", "Ana Maria")]
    [TestCase("\u200b\u0000", "")]
    public void CleansUsernamesToOneLine(string input, string expected) => Assert.That(TextSanitizer.Username(input), Is.EqualTo(expected));

    [Test]
    public void FindsWhatToCleanAfterLongPrintableRuns()
    {
        var run = new string('a', 70) + "ção" + new string('b', 70);
        Assert.That(TextSanitizer.Message(run + "\u200b" + run + "\u0001"), Is.EqualTo(run + run));
        Assert.That(TextSanitizer.Message(run), Is.SameAs(run));
    }

    [Test]
    public void DropsLoneSurrogates() => Assert.That(TextSanitizer.Message("a\ud800b"), Is.EqualTo("ab"));
}
