using System.Text;
using System.Text.Json;
using ChatService.EngineIO;
using ChatService.EngineIO.Protocol;
using ChatService.SocketIO;
using ChatService.SocketIO.Protocol;
using CsCheck;

namespace ChatService.Tests.Hardening;

/// <summary>
/// Property-based tests of the codecs (CsCheck): what the writers encode the readers decode back, and the
/// readers never throw on any input (they report their own errors: <c>false</c> or a <see cref="PacketReadError"/>).
/// Failures print a seed that replays them.
/// </summary>
public sealed class CodecPropertyTests
{
    private const long Iterations = 500;
    private static readonly SocketIOOptions Options = new();
    private static readonly string[] Reserved = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    // ---- generators ------------------------------------------------------------------------------------------

    private static readonly Gen<string> SafeString = Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 0, 24];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Long.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(v => JsonSerializer.Serialize(v)),
        Gen.String.Select(s => JsonSerializer.Serialize(s)),
        Gen.OneOf<string>("true", "false", "null", "{\"_placeholder\":false}"));

    private static Gen<string> Json(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Json(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(SafeString, Json(depth - 1)).Array[0, 3]
                .Select(fields => "{" + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Item1) + ":" + f.Item2)) + "}")));

    /// <summary>One argument: raw JSON, or binary bytes (a placeholder plus an attachment).</summary>
    private static readonly Gen<(bool Binary, string Json, byte[] Bytes)> Argument = Gen.Frequency(
        (3, Json(3).Select(j => (false, j, Array.Empty<byte>()))),
        (1, Gen.Byte.Array[0, 64].Select(b => (true, "", b))));

    private static readonly Gen<string> Namespace = Gen.OneOf(Gen.Const("/"), Gen.String[Gen.Char.AlphaNumeric, 1, 16].Select(s => "/" + s));

    private static readonly Gen<string> EventName = SafeString.Where(n => Array.IndexOf(Reserved, n) < 0);

    // ---- Engine.IO ------------------------------------------------------------------------------------------

    [Test]
    public void EngineIOPayloadsRoundTrip()
    {
        var packet = Gen.OneOf(
            Gen.Select(Gen.Int[0, 6], Gen.Byte.Where(b => b != PayloadReader.RecordSeparator).Array[0, 40])
                .Select(p => (Binary: false, Type: p.Item1, Data: p.Item2)),
            Gen.Byte.Array[0, 40].Select(b => (Binary: true, Type: (int)EngineIOPacketType.Message, Data: b)));

        packet.Array[1, 8].Sample(
            packets =>
            {
                var writer = new System.Buffers.ArrayBufferWriter<byte>();
                var first = true;
                foreach (var (binary, type, data) in packets)
                {
                    var message = binary ? OutboundMessage.Binary(data) : OutboundMessage.Text((byte[])[(byte)('0' + type), .. data]);
                    PayloadWriter.Append(writer, message, ref first);
                }

                var decoded = new List<InboundPacket>();
                Assert.That(PayloadReader.TryReadPayload(writer.WrittenMemory, decoded), Is.True);
                Assert.That(decoded, Has.Count.EqualTo(packets.Length));
                for (var i = 0; i < packets.Length; i++)
                {
                    Assert.That(decoded[i].IsBinary, Is.EqualTo(packets[i].Binary));
                    Assert.That((int)decoded[i].Type, Is.EqualTo(packets[i].Type));
                    Assert.That(decoded[i].Data.ToArray(), Is.EqualTo(packets[i].Data));
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Test]
    public void EngineIOReaderNeverThrowsOnRandomBytes()
    {
        Gen.Byte.Array[0, 300].Sample(
            bytes =>
            {
                PayloadReader.TryReadPayload(bytes, []);
                PayloadReader.TryReadPacket(bytes, out _);
            },
            iter: Iterations * 4,
            threads: 1);
    }

    [Test]
    public void EngineIOReaderNeverThrowsOnRecordSeparatorsAndBase64Fragments()
    {
        var piece = Gen.OneOf<string>("4", "b", "bAA==", "b===", "\u001e", "2probe", "6", "7", "b\u001e", "4{}", "", "é");
        piece.Array[0, 12].Sample(
            pieces =>
            {
                PayloadReader.TryReadPayload(Encoding.UTF8.GetBytes(string.Concat(pieces)), []);
            },
            iter: Iterations * 2,
            threads: 1);
    }

    // ---- Socket.IO ------------------------------------------------------------------------------------------

    [Test]
    public void SocketIOEventsRoundTripIncludingBinary()
    {
        Gen.Select(Namespace, EventName, Gen.Long[-1, 999_999_999_999_999], Argument.Array[0, 5]).Sample(
            sample =>
            {
                var (nsp, name, ackId, args) = sample;
                if (args.Count(a => a.Binary) > Options.MaxAttachments)
                {
                    return;
                }

                var message = PacketWriter.Event(nsp, name, Build(args), ackId);
                var packet = Decode(message, args);
                Assert.That(packet.Type, Is.EqualTo(args.Any(a => a.Binary) ? SocketIOPacketType.BinaryEvent : SocketIOPacketType.Event));
                Assert.That(packet.Namespace, Is.EqualTo(nsp));
                Assert.That(packet.EventName, Is.EqualTo(name));
                Assert.That(packet.AckId, Is.EqualTo(ackId));
                AssertArguments(packet.Arguments, args);
            },
            iter: Iterations,
            threads: 1);
    }

    [Test]
    public void SocketIOAcksRoundTripIncludingBinary()
    {
        Gen.Select(Namespace, Gen.Long[0, 999_999_999_999_999], Argument.Array[0, 5]).Sample(
            sample =>
            {
                var (nsp, ackId, args) = sample;
                var message = PacketWriter.Ack(nsp, ackId, Build(args));
                var packet = Decode(message, args);
                Assert.That(packet.Type, Is.EqualTo(args.Any(a => a.Binary) ? SocketIOPacketType.BinaryAck : SocketIOPacketType.Ack));
                Assert.That(packet.Namespace, Is.EqualTo(nsp));
                Assert.That(packet.AckId, Is.EqualTo(ackId));
                AssertArguments(packet.Arguments, args);
            },
            iter: Iterations,
            threads: 1);
    }

    [Test]
    public void SocketIOReaderNeverThrowsOnRandomBytes()
    {
        Gen.Byte.Array[0, 300].Sample(
            bytes =>
            {
                var error = PacketReader.TryRead(bytes, Options, out var packet);
                Assert.That(Enum.IsDefined(error), Is.True);
                Assert.That(packet.Namespace is null, Is.EqualTo(error != PacketReadError.None));
            },
            iter: Iterations * 4,
            threads: 1);
    }

    [Test]
    public void SocketIOReaderNeverThrowsOnMutatedValidPackets()
    {
        var valid = Gen.Select(Namespace, EventName, Gen.Long[-1, 99_999], Argument.Array[0, 3])
            .Select(s => PacketWriter.Event(s.Item1, s.Item2, Build(s.Item4), s.Item3).Data.ToArray()[1..]);
        Gen.Select(valid, Gen.Int[0, 1000], Gen.Byte, Gen.Int[0, 2]).Sample(
            sample =>
            {
                var (bytes, position, value, mode) = sample;
                if (bytes.Length == 0)
                {
                    return;
                }

                var at = position % bytes.Length;
                var mutated = mode switch
                {
                    0 => [.. bytes[..at], value, .. bytes[(at + 1)..]],
                    1 => bytes[..at],
                    _ => (byte[])[.. bytes[..at], value, .. bytes[at..]],
                };
                var error = PacketReader.TryRead(mutated, Options, out var packet);
                Assert.That(Enum.IsDefined(error), Is.True);
                if (error == PacketReadError.None)
                {
                    // Whatever was accepted can be inspected without throwing.
                    packet.Arguments.WithAttachments([.. Enumerable.Repeat(ReadOnlyMemory<byte>.Empty, packet.AttachmentCount)]).PlaceholdersAreValid();
                    for (var i = 0; i < packet.Arguments.Count; i++)
                    {
                        packet.Arguments.GetKind(i);
                    }
                }
            },
            iter: Iterations * 2,
            threads: 1);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static SocketIOArguments Build((bool Binary, string Json, byte[] Bytes)[] args)
    {
        var builder = new SocketIOArguments.Builder();
        foreach (var (binary, json, bytes) in args)
        {
            if (binary)
            {
                builder.AddBinary(bytes);
            }
            else
            {
                builder.AddJson(Encoding.UTF8.GetBytes(json));
            }
        }

        return builder.Build();
    }

    private static SocketIOPacket Decode(OutboundMessage message, (bool Binary, string Json, byte[] Bytes)[] args)
    {
        Assert.That(message.Data.Span[0], Is.EqualTo((byte)'4'), "an Engine.IO message");
        var error = PacketReader.TryRead(message.Data[1..], Options, out var packet);
        Assert.That(error, Is.EqualTo(PacketReadError.None), Encoding.UTF8.GetString(message.Data.Span));
        var attachments = message.Attachments ?? [];
        Assert.That(packet!.AttachmentCount, Is.EqualTo(args.Count(a => a.Binary)));
        Assert.That(attachments, Has.Length.EqualTo(packet.AttachmentCount));
        if (attachments.Length > 0)
        {
            packet.Arguments = packet.Arguments.WithAttachments(attachments);
            Assert.That(packet.Arguments.PlaceholdersAreValid(), Is.True);
        }

        return packet;
    }

    private static void AssertArguments(SocketIOArguments decoded, (bool Binary, string Json, byte[] Bytes)[] args)
    {
        Assert.That(decoded.Count, Is.EqualTo(args.Length));
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Binary)
            {
                Assert.That(decoded.TryGetBinary(i, out var bytes), Is.True);
                Assert.That(bytes.ToArray(), Is.EqualTo(args[i].Bytes));
            }
            else
            {
                Assert.That(Encoding.UTF8.GetString(decoded.GetRawJson(i).Span), Is.EqualTo(args[i].Json));
            }
        }
    }
}
