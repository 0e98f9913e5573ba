using System.Globalization;
using System.Text;
using ChatService.Chat;

namespace ChatService.Tests.Chat;

/// <summary>The wire's time format, written digit by digit, against .NET's own formatting of the same pattern.</summary>
public sealed class ChatTimeTests
{
    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 1, 31, 13, 45, 0, 123, TimeSpan.Zero),
        new(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
        new(2026, 3, 1, 0, 0, 0, 0, TimeSpan.FromHours(-3)), // a local offset: written in UTC
        new(2024, 2, 29, 9, 5, 7, 40, TimeSpan.FromHours(5.5)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        DateTimeOffset.UnixEpoch,
    ];

    [TestCaseSource(nameof(Instants))]
    public void BothFormsWriteIsoUtcWithMilliseconds(DateTimeOffset instant)
    {
        var expected = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var utf8 = new byte[ChatTime.MaxUtf8Length];
        var written = ChatTime.Format(instant, utf8);

        Assert.Multiple(() =>
        {
            Assert.That(ChatTime.Format(instant), Is.EqualTo(expected));
            Assert.That(Encoding.UTF8.GetString(utf8, 0, written), Is.EqualTo(expected));
        });
    }

    [Test]
    public void ManyInstantsAcrossTheYearsMatch()
    {
        var random = new Random(20261127);
        Span<byte> utf8 = stackalloc byte[ChatTime.MaxUtf8Length];
        for (var i = 0; i < 10_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            var instant = new DateTimeOffset(ticks, TimeSpan.Zero);
            var expected = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var written = ChatTime.Format(instant, utf8);
            if (ChatTime.Format(instant) != expected || Encoding.UTF8.GetString(utf8[..written]) != expected)
            {
                Assert.Fail($"{instant.UtcTicks} ticks: expected {expected}, got {ChatTime.Format(instant)} / {Encoding.UTF8.GetString(utf8[..written])}");
            }
        }
    }

    [Test]
    public void ABufferTooSmallIsRefused()
    {
        var small = new byte[10];
        Assert.Throws<ArgumentException>(() => ChatTime.Format(DateTimeOffset.UnixEpoch, small));
    }
}
