using System.Text;
using System.Text.Json.Nodes;
using ChatService.Bot;

namespace ChatService.Tests.Bot;

public sealed class KnowledgeBaseLoaderTests
{
    private static JsonObject Shipped() => JsonNode.Parse(File.ReadAllText(ShippedKnowledgeBase.Path))!.AsObject();

    private static KnowledgeBase Parse(string json) => KnowledgeBaseLoader.Parse(Encoding.UTF8.GetBytes(json), 0.3, "test.json");

    private static string ErrorOf(string json) =>
        Assert.Throws<KnowledgeBaseException>(() => Parse(json))!.Message;

    [Test]
    public void ShippedKnowledgeBaseIsValidAndComplete()
    {
        var kb = ShippedKnowledgeBase.Instance;
        string[] required =
        [
            "greeting", "how_it_works", "signup", "help_types", "offer_help", "safety_privacy", "contact", "thanks",
            "goodbye", "human_handoff", "help_housing", "help_jobs", "help_health", "help_education", "help_food",
        ];
        Assert.That(kb.Intents.Select(static i => i.Id), Is.SupersetOf(required));
        Assert.That(kb.Intents, Has.All.Matches<KnowledgeBaseIntent>(static i => i.Examples.Count >= 15), "every intent needs many phrasings");
        Assert.That(kb.PickAnswer("contact", 0) + kb.PickAnswer("contact", 1), Does.Contain("contato@integracao.com"));
        Assert.That(kb.PickMessage(BotMessageKeys.HandoffUnavailable, 0), Does.Contain("contato@integracao.com"));
        Assert.That(kb.PickAnswer("signup", 0), Does.Contain("gratuito"));
    }

    [Test]
    public void PicksAnswersByRotationAndAtRandom()
    {
        var kb = ShippedKnowledgeBase.Instance;
        var answers = kb.Intents.Single(static i => i.Id == "greeting").Answers;
        Assert.That(Enumerable.Range(0, answers.Count).Select(t => kb.PickAnswer("greeting", t)), Is.EquivalentTo(answers));
        Assert.That(kb.PickAnswer("greeting", -1), Is.AnyOf(answers.ToArray()));
        Assert.That(kb.PickAnswer("greeting", new Random(42)), Is.AnyOf(answers.ToArray()));
    }

    [Test]
    public void UnknownIntentGetsTheFallback()
    {
        var kb = ShippedKnowledgeBase.Instance;
        var fallback = kb.PickMessage(BotMessageKeys.Fallback, 0);
        Assert.That(kb.PickAnswer(BotIntents.Unknown, 0), Is.EqualTo(fallback));
        Assert.That(kb.PickAnswer("no_such_intent", 0), Is.EqualTo(fallback));
        Assert.That(kb.PickMessage("no_such_message", 0), Is.EqualTo(fallback));
    }

    [Test]
    public void AcceptsCommentsAndTrailingCommas()
    {
        var json = Shipped().ToJsonString();
        json = "// edited by an operator\n" + json[..^1] + ",}";
        Assert.That(Parse(json).HasIntent("greeting"), Is.True);
    }

    [Test]
    public void RejectsBrokenJsonNamingTheFile() =>
        Assert.That(ErrorOf("{ \"intents\": [ "), Does.Contain("test.json").And.Contain("not valid JSON"));

    [Test]
    public void RejectsMisspeltKeys()
    {
        var doc = Shipped();
        doc["intentz"] = new JsonArray();
        Assert.That(ErrorOf(doc.ToJsonString()), Does.Contain("intentz"));
    }

    [Test]
    public void RequiresTheHandoffIntent()
    {
        var doc = Shipped();
        var intents = doc["intents"]!.AsArray();
        intents.Remove(intents.Single(static i => (string?)i!["id"] == "human_handoff"));
        Assert.That(ErrorOf(doc.ToJsonString()), Does.Contain("human_handoff"));
    }

    [Test]
    public void RequiresEveryMessage()
    {
        var doc = Shipped();
        doc["messages"]!.AsObject().Remove(BotMessageKeys.HandoffUnavailable);
        Assert.That(ErrorOf(doc.ToJsonString()), Does.Contain(BotMessageKeys.HandoffUnavailable));
    }

    [Test]
    public void ReportsEveryProblemOfTheIntents()
    {
        var doc = Shipped();
        var intents = doc["intents"]!.AsArray();
        intents.Add(JsonNode.Parse("""{ "id": "Bad Id", "examples": ["x"], "answers": ["y"] }"""));
        intents.Add(JsonNode.Parse("""{ "id": "greeting", "examples": ["oi"], "answers": ["olá"] }"""));
        intents.Add(JsonNode.Parse("""{ "id": "empty", "examples": [], "answers": ["  "] }"""));
        intents.Add(JsonNode.Parse("""{ "id": "unknown", "examples": ["a"], "answers": ["b"] }"""));
        var error = ErrorOf(doc.ToJsonString());
        Assert.That(error, Does.Contain("'Bad Id'").And.Contain("lower-case"));
        Assert.That(error, Does.Contain("'greeting': defined twice"));
        Assert.That(error, Does.Contain("'empty': 'examples' is empty"));
        Assert.That(error, Does.Contain("'empty': 'answers'[0] is blank"));
        Assert.That(error, Does.Contain("reserved"));
    }

    [Test]
    public void ReportsAMissingFile() =>
        Assert.That(
            Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.LoadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json"), 0.3))!.Message,
            Does.Contain("cannot read"));
}
