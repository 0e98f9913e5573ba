using System.Text;
using System.Text.Json;
using ChatService.Chat.Contracts;

namespace ChatService.Tests.Chat;

/// <summary>The hand-written send_message reader reads what the source-generated one reads, and fails where it fails.</summary>
public sealed class SendMessageRequestReaderTests
{
    [TestCase("{}")]
    [TestCase("{\"room_id\":\"geral\",\"message\":\"Olá pessoal 🎉\"}")]
    [TestCase("{\"message\":\"a\",\"message\":\"b\",\"room_id\":\"x\",\"room_id\":null}")]
    [TestCase("{\"room_id\":\"ger\\u0061l\",\"mess\\u0061ge\":\"\\\"q\\\" \\n\",\"username\":\"Zé\",\"client_id\":\"c-1\"}")]
    [TestCase("{\"Message\":\"x\",\"ROOM_ID\":\"geral\",\"roomId\":\"y\",\"extra\":{\"a\":[1,{\"b\":null}]},\"n\":1.5}")]
    [TestCase("{\"message\":null,\"username\":null,\"client_id\":null,\"room_id\":null}")]
    [TestCase("{\"message\":1}")]
    [TestCase("{\"message\":true}")]
    [TestCase("{\"room_id\":{}}")]
    [TestCase("{\"username\":[\"a\"]}")]
    [TestCase("{\"client_id\":false}")]
    [TestCase("{\"message\":\"\\ud800\"}")]
    [TestCase("{\"room_id\":\"\\udc00geral\"}")]
    [TestCase("{\"unknown\":\"\\ud800\",\"message\":\"ok\"}")]
    public void ReadsAsTheSerializerDoes(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var currentRoom in new[] { null, "geral", "x" })
        {
            Assert.That(Outcome(() => SendMessageRequestReader.Read(bytes, currentRoom)), Is.EqualTo(Outcome(() => JsonSerializer.Deserialize(bytes, ChatJsonContext.Default.SendMessageRequest)!)), json);
        }
    }

    [Test]
    public void GivesTheCurrentRoomAsTheSameString()
    {
        var room = new string("geral".AsSpan());
        Assert.That(SendMessageRequestReader.Read("{\"room_id\":\"geral\"}"u8, room).RoomId, Is.SameAs(room));
    }

    private static string Outcome(Func<SendMessageRequest> read)
    {
        try
        {
            return read().ToString();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return "fails";
        }
    }
}
