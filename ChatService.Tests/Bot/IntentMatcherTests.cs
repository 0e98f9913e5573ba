using System.Diagnostics;
using ChatService.Bot;
using ChatService.Bot.Understanding;

namespace ChatService.Tests.Bot;

public sealed class IntentMatcherTests
{
    private static KnowledgeBase Kb => ShippedKnowledgeBase.Instance;

    [TestCase("asdkjh qwe")]
    [TestCase("xyzzy plugh")]
    [TestCase("kkkkkkkk")]
    [TestCase("????")]
    [TestCase("😀😀😀")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    [TestCase("123 456")]
    public void GibberishIsUnknown(string? text)
    {
        var match = Kb.Match(text);
        Assert.That(match.IsUnknown, Is.True, $"{match.Candidate} {match.Confidence:F2}");
        Assert.That(match.Intent, Is.EqualTo(BotIntents.Unknown));
        Assert.That(match.Confidence, Is.InRange(0.0, Kb.Matcher.Threshold));
    }

    [TestCase("oi, como faço pra me cadastrar?", "signup")]
    [TestCase("olá, bom dia! vcs tem vaga de emprego?", "help_jobs")]
    [TestCase("oi tudo bem? preciso de comida", "help_food")]
    [TestCase("boa tarde, é seguro?", "safety_privacy")]
    [TestCase("oi! quero falar com um atendente", "human_handoff")]
    [TestCase("oi, tudo bem?", "greeting")]
    [TestCase("obrigado pela ajuda", "thanks")]
    [TestCase("obrigado, tchau", "goodbye")]
    [TestCase("valeu, até mais", "goodbye")]
    public void SmallTalkDoesNotHideTheQuestion(string text, string intent) =>
        Assert.That(Kb.Match(text).Intent, Is.EqualTo(intent));

    [Test]
    public void ConfidenceIsBetweenZeroAndOne()
    {
        foreach (var text in new[] { "oi", "como funciona", "cadastro cadastro cadastro", "preciso de ajuda com emprego e moradia" })
        {
            Assert.That(Kb.Match(text).Confidence, Is.InRange(0.0, 1.0), text);
        }
    }

    [Test]
    public void ThresholdDecidesUnknown()
    {
        var strict = KnowledgeBaseLoader.LoadFile(ShippedKnowledgeBase.Path, threshold: 0.99);
        var match = strict.Match("preciso de um trampo, qualquer coisa");
        Assert.That(match.IsUnknown, Is.True);
        Assert.That(match.Candidate, Is.EqualTo("help_jobs"));

        var lenient = KnowledgeBaseLoader.LoadFile(ShippedKnowledgeBase.Path, threshold: 0.0);
        Assert.That(lenient.Match("preciso de um trampo, qualquer coisa").Intent, Is.EqualTo("help_jobs"));
    }

    [Test]
    public void NeverThrowsOnHostileInput()
    {
        var inputs = new[]
        {
            new string('a', 1_000_000),
            string.Concat(Enumerable.Repeat("cadastro ", 50_000)),
            string.Concat(Enumerable.Repeat("😀", 10_000)),
            "\uD83D\uD83D\uDE00\uDE00",
            "\0\u0001\u200B\uFEFF",
            string.Concat(Enumerable.Range(0, 2000).Select(static i => (char)(0x300 + (i % 100)))),
            "ǅǈǋ ß Ωμέγα Привет 你好 مرحبا",
        };
        foreach (var input in inputs)
        {
            Assert.DoesNotThrow(() => Kb.Match(input));
        }
    }

    [Test]
    public void MatchingIsFast()
    {
        string[] messages =
        [
            "oi, como faço pra me cadastrar?", "preciso de ajuda com aluguel", "vcs tem vaga de emprego?",
            "quero ser voluntario", "meus dados estao seguros?", "qual o email de vcs", "obrigado, tchau",
            "quero falar com um atendente humano", "asdkjh qwe", "boa tarde, gostaria de saber como funciona a plataforma",
        ];
        foreach (var message in messages)
        {
            Kb.Match(message); // warm up
        }

        const int rounds = 300;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            foreach (var message in messages)
            {
                Kb.Match(message);
            }
        }

        stopwatch.Stop();
        var perMatch = stopwatch.Elapsed.TotalMicroseconds / (rounds * messages.Length);
        TestContext.Out.WriteLine($"Average match latency: {perMatch:F1} µs over {rounds * messages.Length} matches");

        // Generous for a loaded CI machine; a typical match takes a few tens of microseconds.
        Assert.That(perMatch, Is.LessThan(2_000));
    }

    [Test]
    public void IsSafeToShareBetweenThreads()
    {
        var expected = Kb.Match("como me cadastro?").Intent;
        var results = new string[2000];
        Parallel.For(0, results.Length, i => results[i] = Kb.Match("como me cadastro?").Intent);
        Assert.That(results, Is.All.EqualTo(expected));
    }
}
