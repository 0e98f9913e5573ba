using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatService.Chat;
using ChatService.Chat.Contracts;

namespace ChatService.Tests.Chat;

/// <summary>new_message written from the stored message is, byte for byte, what <see cref="NewMessageEvent"/> gives.</summary>
public sealed class StoredMessageEventTests
{
    private static IEnumerable<ChatMessage> Messages()
    {
        var at = new DateTimeOffset(2026, 1, 31, 13, 45, 0, 123, TimeSpan.FromHours(-3));
        yield return new ChatMessage(1, "geral", "sid-1", "Ana", "Olá pessoal", at, MessageKind.User);
        yield return new ChatMessage(long.MaxValue, "sala \"2\"", "bot", "Assistente", "<b>&'\\\n\t\u2028 🎉 ção", at.AddTicks(9_999), MessageKind.Bot, "c-1");
        yield return new ChatMessage(42, "r", "u", "Zé", "", DateTimeOffset.UnixEpoch, MessageKind.System, "");
        yield return new ChatMessage(7, "r", "u", "x", "fim de ano", new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero), MessageKind.User);
    }

    [TestCaseSource(nameof(Messages))]
    public void WritesWhatNewMessageEventWrites(ChatMessage message)
    {
        foreach (var encoder in new[] { JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            Assert.That(
                Write(new StoredMessageEvent(message), ChatJsonContext.Default.StoredMessageEvent, encoder),
                Is.EqualTo(Write(NewMessageEvent.From(message), ChatJsonContext.Default.NewMessageEvent, encoder)));
        }
    }

    private static string Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, JavaScriptEncoder encoder)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = encoder }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
