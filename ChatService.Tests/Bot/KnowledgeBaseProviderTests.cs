using System.Text.Json.Nodes;
using ChatService.Bot;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatService.Tests.Bot;

[NonParallelizable]
public sealed class KnowledgeBaseProviderTests
{
    private string _directory = "";
    private string _path = "";

    [SetUp]
    public void CreateFile()
    {
        _directory = Directory.CreateTempSubdirectory("kb-").FullName;
        _path = Path.Combine(_directory, "knowledge-base.pt-BR.json");
        File.Copy(ShippedKnowledgeBase.Path, _path);
    }

    [TearDown]
    public void DeleteFile() => Directory.Delete(_directory, recursive: true);

    private KnowledgeBaseProvider CreateProvider(ListLogger<KnowledgeBaseProvider> logger) =>
        new(Options.Create(new BotOptions { KnowledgeBasePath = _path, ReloadDebounce = TimeSpan.FromMilliseconds(50) }), logger, TimeProvider.System);

    private void WriteThanksAnswer(string answer)
    {
        var doc = JsonNode.Parse(File.ReadAllText(_path))!;
        var thanks = doc["intents"]!.AsArray().Single(static i => (string?)i!["id"] == "thanks")!;
        thanks["answers"] = new JsonArray(answer);
        File.WriteAllText(_path, doc.ToJsonString());
    }

    [Test]
    public void LoadsTheConfiguredFile()
    {
        var logger = new ListLogger<KnowledgeBaseProvider>();
        using var provider = CreateProvider(logger);
        Assert.That(provider.FilePath, Is.EqualTo(_path));
        Assert.That(provider.Current.Match("obrigado").Intent, Is.EqualTo("thanks"));
        Assert.That(logger.Entries, Has.Some.Matches<(LogLevel Level, EventId Id, string Message)>(static e => e.Id.Id == 5001));
    }

    [Test]
    public void DefaultPathIsTheFileNextToTheApp() =>
        Assert.That(
            KnowledgeBaseProvider.ResolvePath(new BotOptions().KnowledgeBasePath),
            Is.EqualTo(Path.Combine(AppContext.BaseDirectory, "knowledge-base.pt-BR.json")).And.Matches<string>(File.Exists));

    [Test]
    public void FailsFastWhenTheFirstLoadFails()
    {
        File.WriteAllText(_path, "{ broken");
        Assert.Throws<KnowledgeBaseException>(() => CreateProvider(new ListLogger<KnowledgeBaseProvider>()));
    }

    [Test]
    public async Task ReloadsWhenTheFileChanges()
    {
        using var provider = CreateProvider(new ListLogger<KnowledgeBaseProvider>());
        var reloaded = new TaskCompletionSource<KnowledgeBase>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += kb =>
        {
            // A write may be seen half-way (several events); wait for the version that has the edit.
            if (kb.PickAnswer("thanks", 0) == "Resposta nova do operador")
            {
                reloaded.TrySetResult(kb);
            }
        };

        WriteThanksAnswer("Resposta nova do operador");

        var kb = await reloaded.Task.DefaultTimeout();
        Assert.That(kb.PickAnswer("thanks", 0), Is.EqualTo("Resposta nova do operador"));
        Assert.That(provider.Current, Is.SameAs(kb));
        Assert.That(provider.Current.PickAnswer(provider.Current.Match("muito obrigado!").Intent, 0), Is.EqualTo("Resposta nova do operador"));
    }

    [Test]
    public async Task ReloadsWhenTheFileIsReplacedByRename()
    {
        using var provider = CreateProvider(new ListLogger<KnowledgeBaseProvider>());
        var reloaded = new TaskCompletionSource<KnowledgeBase>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += kb =>
        {
            if (kb.PickAnswer("thanks", 0) == "Trocado por rename")
            {
                reloaded.TrySetResult(kb);
            }
        };

        // What many editors and deploy tools do: write a temporary file, then rename it over the original.
        var doc = JsonNode.Parse(File.ReadAllText(_path))!;
        doc["intents"]!.AsArray().Single(static i => (string?)i!["id"] == "thanks")!["answers"] = new JsonArray("Trocado por rename");
        var temporary = Path.Combine(_directory, "kb.tmp");
        File.WriteAllText(temporary, doc.ToJsonString());
        File.Move(temporary, _path, overwrite: true);

        var kb = await reloaded.Task.DefaultTimeout();
        Assert.That(kb.PickAnswer("thanks", 0), Is.EqualTo("Trocado por rename"));
    }

    [Test]
    public async Task BrokenEditKeepsThePreviousVersionAndLogsAnError()
    {
        var logger = new ListLogger<KnowledgeBaseProvider>();
        using var provider = CreateProvider(logger);
        var before = provider.Current;
        var failed = new TaskCompletionSource<KnowledgeBaseException>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.ReloadFailed += e => failed.TrySetResult(e);

        File.WriteAllText(_path, "{ \"intents\": [ { \"id\": \"greeting\", ");

        var error = await failed.Task.DefaultTimeout();
        Assert.That(error.Message, Does.Contain("not valid JSON"));
        Assert.That(provider.Current, Is.SameAs(before));
        Assert.That(provider.Current.Match("obrigado").Intent, Is.EqualTo("thanks"));
        Assert.That(logger.Entries, Has.Some.Matches<(LogLevel Level, EventId Id, string Message)>(static e => e.Level == LogLevel.Error && e.Id.Id == 5003));

        // Fixing the file brings the new version in.
        var reloaded = new TaskCompletionSource<KnowledgeBase>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += kb =>
        {
            if (kb.PickAnswer("thanks", 0) == "Consertado")
            {
                reloaded.TrySetResult(kb);
            }
        };
        File.Copy(ShippedKnowledgeBase.Path, _path, overwrite: true);
        WriteThanksAnswer("Consertado");
        Assert.That((await reloaded.Task.DefaultTimeout()).PickAnswer("thanks", 0), Is.EqualTo("Consertado"));
    }

    [Test]
    public void InvalidEditKeepsThePreviousVersion()
    {
        using var provider = CreateProvider(new ListLogger<KnowledgeBaseProvider>());
        var before = provider.Current;
        var doc = JsonNode.Parse(File.ReadAllText(_path))!;
        doc["messages"]!.AsObject().Remove(BotMessageKeys.Fallback);
        File.WriteAllText(_path, doc.ToJsonString());

        Assert.That(provider.Reload(), Is.False);
        Assert.That(provider.Current, Is.SameAs(before));
    }

    [Test]
    public void DisposedProviderStopsReloading()
    {
        var provider = CreateProvider(new ListLogger<KnowledgeBaseProvider>());
        provider.Dispose();
        Assert.That(provider.Reload(), Is.False);
    }
}
