using ChatService.SocketIO.Adapters;

namespace ChatService.Tests.SocketIO;

public sealed class RoomSetTests
{
    [Test]
    public void EmptySetHasNoRooms()
    {
        var set = default(RoomSet);
        Assert.That(set.Count, Is.Zero);
        Assert.That(set.Contains("a"), Is.False);
        Assert.That(set.ToArray(), Is.Empty);
        Assert.That(set.Remove("a"), Is.False);
    }

    [Test]
    public void AddsEachRoomOnce()
    {
        var set = default(RoomSet);
        Assert.That(set.Add("own"), Is.True);
        Assert.That(set.Add("own"), Is.False);
        Assert.That(set.Add("lobby"), Is.True);
        Assert.That(set.Add("lobby"), Is.False);
        Assert.That(set.Count, Is.EqualTo(2));
        Assert.That(set.ToArray(), Is.EquivalentTo(new[] { "own", "lobby" }));
    }

    [Test]
    public void ComparesRoomNamesOrdinally()
    {
        var set = default(RoomSet);
        set.Add("Room");
        set.Add(new string("room".AsSpan()));
        Assert.That(set.Contains("room"), Is.True);
        Assert.That(set.Contains("ROOM"), Is.False);
        Assert.That(set.Add(new string("room".AsSpan())), Is.False);
        Assert.That(set.Count, Is.EqualTo(2));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    [TestCase(64)]
    public void GrowsAndKeepsEveryRoom(int count)
    {
        var set = default(RoomSet);
        for (var i = 0; i < count; i++)
        {
            Assert.That(set.Add($"r{i}"), Is.True);
        }

        Assert.That(set.Count, Is.EqualTo(count));
        Assert.That(set.ToArray(), Is.EquivalentTo(Enumerable.Range(0, count).Select(i => $"r{i}")));
        for (var i = 0; i < count; i++)
        {
            Assert.That(set.Contains($"r{i}"), Is.True);
        }

        Assert.That(set.Contains($"r{count}"), Is.False);
    }

    [Test]
    public void RemovingTheFirstRoomKeepsTheOthers()
    {
        var set = default(RoomSet);
        set.Add("a");
        set.Add("b");
        set.Add("c");
        Assert.That(set.Remove("a"), Is.True);
        Assert.That(set.Contains("a"), Is.False);
        Assert.That(set.ToArray(), Is.EquivalentTo(new[] { "b", "c" }));
        Assert.That(set.Remove("a"), Is.False);
    }

    [Test]
    public void RemovingAnExtraRoomKeepsTheOthers()
    {
        var set = default(RoomSet);
        set.Add("a");
        set.Add("b");
        set.Add("c");
        set.Add("d");
        Assert.That(set.Remove("b"), Is.True);
        Assert.That(set.ToArray(), Is.EquivalentTo(new[] { "a", "c", "d" }));
        Assert.That(set.Remove("d"), Is.True);
        Assert.That(set.ToArray(), Is.EquivalentTo(new[] { "a", "c" }));
        Assert.That(set.Count, Is.EqualTo(2));
    }

    [Test]
    public void RemovingEveryRoomInAnyOrderEmptiesTheSetAndItCanBeReused()
    {
        var rooms = Enumerable.Range(0, 7).Select(i => $"r{i}").ToArray();
        foreach (var order in new[] { new[] { 0, 1, 2, 3, 4, 5, 6 }, new[] { 6, 5, 4, 3, 2, 1, 0 }, new[] { 3, 0, 6, 1, 5, 2, 4 } })
        {
            var set = default(RoomSet);
            foreach (var room in rooms)
            {
                set.Add(room);
            }

            var left = rooms.ToList();
            foreach (var i in order)
            {
                Assert.That(set.Remove(rooms[i]), Is.True);
                left.Remove(rooms[i]);
                Assert.That(set.ToArray(), Is.EquivalentTo(left));
                Assert.That(set.Count, Is.EqualTo(left.Count));
            }

            Assert.That(set.Add("again"), Is.True);
            Assert.That(set.ToArray(), Is.EqualTo(new[] { "again" }));
        }
    }

    [Test]
    public void ToArrayIsASnapshot()
    {
        var set = default(RoomSet);
        set.Add("a");
        var before = set.ToArray();
        set.Add("b");
        set.Remove("a");
        Assert.That(before, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ChangesThroughADictionaryReferenceStick()
    {
        var map = new Dictionary<string, RoomSet>(StringComparer.Ordinal);
        ref var rooms = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, "s1", out _);
        rooms.Add("s1");
        rooms.Add("lobby");
        Assert.That(map["s1"].ToArray(), Is.EquivalentTo(new[] { "s1", "lobby" }));
    }
}
