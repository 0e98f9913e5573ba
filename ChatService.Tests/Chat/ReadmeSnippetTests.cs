using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Chat;

/// <summary>The frontend example of the original README, verbatim (it connects to http://localhost:5000), against the service.</summary>
[Category("Node")]
[NonParallelizable]
public sealed class ReadmeSnippetTests
{
    [Test]
    public async Task OriginalReadmeSnippetConnectsJoinsSendsAndReceives()
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        await using var host = await TestHost.StartAsync(["urls=http://localhost:5000"]);
        var script = Path.Combine(NodeRunner.EndToEndScripts, "chat", "run-readme-snippet.mjs");
        var result = await NodeRunner.RunAsync(script, [], TimeSpan.FromSeconds(30));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("Conectado ao chat!"));
        Assert.That(result.StandardOutput, Does.Contain("Nova mensagem:"));
    }
}
