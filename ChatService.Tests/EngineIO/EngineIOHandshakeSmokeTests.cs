using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.EngineIO;

public sealed class EngineIOHandshakeSmokeTests
{
    [Test]
    public async Task PollingHandshakeReturnsOpenPacket()
    {
        await using var host = await TestHost.StartAsync(["Mode=Conformance"]);
        using var http = new HttpClient { BaseAddress = host.Address };
        var body = await http.GetStringAsync("/engine.io/?EIO=4&transport=polling").DefaultTimeout();
        Assert.That(body, Does.StartWith("0{\"sid\":\""));
    }
}
