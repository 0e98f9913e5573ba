using System.Buffers.Binary;
using System.Text;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// One WebSocket frame as it came off the wire, header fields included (RFC 6455 §5.2), so that tests can check
/// how the server framed it, not only what it carried. <see cref="ExtendedLengthBytes"/> is 0 for the 7-bit
/// length form, 2 for the 16-bit form and 8 for the 64-bit form.
/// </summary>
public sealed record WireFrame(bool Fin, int Rsv, int Opcode, bool Masked, int ExtendedLengthBytes, byte[] Payload)
{
    public bool IsClose => Opcode == WireOpcode.Close;

    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary>A close frame's status code, or null when its payload is empty.</summary>
    public int? CloseStatus => IsClose && Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;

    /// <summary>A close frame's reason (the payload after the status code).</summary>
    public string CloseReason => IsClose && Payload.Length > 2 ? Encoding.UTF8.GetString(Payload, 2, Payload.Length - 2) : "";

    /// <summary>The extended length a frame of <paramref name="payloadLength"/> bytes needs at least: 0, 2 or 8 bytes.</summary>
    public static int ShortestExtendedLengthBytes(long payloadLength) => payloadLength switch
    {
        < 126 => 0,
        <= ushort.MaxValue => 2,
        _ => 8,
    };

    public override string ToString()
    {
        var flags = $"{(Fin ? "FIN" : "no FIN")}{(Rsv != 0 ? $" RSV={Rsv}" : "")}{(Masked ? " masked" : "")}";
        var body = Opcode switch
        {
            WireOpcode.Text => $"text '{(Payload.Length > 80 ? Text[..80] + "…" : Text)}'",
            WireOpcode.Close => $"close {CloseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no status)"} '{CloseReason}'",
            _ => $"opcode 0x{Opcode:X} [{Convert.ToHexString(Payload.AsSpan(0, Math.Min(Payload.Length, 40)))}{(Payload.Length > 40 ? "…" : "")}]",
        };
        return $"{body} ({Payload.Length} bytes, {flags})";
    }
}
