using ChatService.SocketIO;
using ChatService.SocketIO.Adapters;
using ChatService.SocketIO.Recovery;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatService.Tests.SocketIO;

/// <summary>A target of one room is kept as its name; whatever is added next gives the same options as before.</summary>
public sealed class BroadcastOperatorTests
{
    private static readonly SocketIONamespace Ns = CreateServer().Of("/");

    [Test]
    public void OneRoomTargetsThatRoom()
    {
        var options = Ns.To("a").Options;
        Assert.That(options.Rooms, Is.EquivalentTo(new[] { "a" }));
        Assert.That(options.ExceptRooms, Is.Empty);
        Assert.That(options.Local, Is.False);
        Assert.That(Ns.To("a").To("a").Options.Rooms, Is.EquivalentTo(new[] { "a" }));
    }

    [Test]
    public void AddingToOneRoomKeepsIt()
    {
        Assert.That(Ns.To("a").To("b").Options.Rooms, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(Ns.To("a").To(["b", "c"]).Options.Rooms, Is.EquivalentTo(new[] { "a", "b", "c" }));

        var except = Ns.To("a").Except("x").Options;
        Assert.That(except.Rooms, Is.EquivalentTo(new[] { "a" }));
        Assert.That(except.ExceptRooms, Is.EquivalentTo(new[] { "x" }));

        var local = Ns.To("a").Local.Options;
        Assert.That(local.Rooms, Is.EquivalentTo(new[] { "a" }));
        Assert.That(local.Local, Is.True);

        Assert.That(Ns.Except("x").To("a").Options.Rooms, Is.EquivalentTo(new[] { "a" }));
        Assert.That(Ns.Except("x").To("a").Options.ExceptRooms, Is.EquivalentTo(new[] { "x" }));
    }

    private static SocketIOServer CreateServer()
    {
        var options = Options.Create(new SocketIOOptions());
        return new SocketIOServer(options, new InMemoryAdapterFactory(), new InMemorySocketSessionStore(options, TimeProvider.System), TimeProvider.System, NullLogger<SocketIOServer>.Instance);
    }
}
