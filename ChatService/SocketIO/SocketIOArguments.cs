using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatService.Buffers;

namespace ChatService.SocketIO;

/// <summary>
/// The arguments of an event or an acknowledgement, kept as compact JSON (elements joined by commas) plus
/// binary attachments. Received arguments are the client's bytes, validated but not deserialized; sending
/// them back reproduces them exactly. Build outgoing ones with <see cref="Builder"/> or the factories.
/// </summary>
public sealed class SocketIOArguments
{
    /// <summary>Writer settings for everything the server writes: compact, and no more escaping than JSON needs.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly ReadOnlyMemory<byte> _json;
    private readonly (int Start, int Length)[] _ranges;
    private readonly ReadOnlyMemory<byte>[] _attachments;

    internal SocketIOArguments(ReadOnlyMemory<byte> json, (int Start, int Length)[] ranges, ReadOnlyMemory<byte>[] attachments)
    {
        _json = json;
        _ranges = ranges;
        _attachments = attachments;
    }

    /// <summary>No arguments.</summary>
    public static SocketIOArguments Empty { get; } = new(ReadOnlyMemory<byte>.Empty, [], []);

    /// <summary>How many arguments there are.</summary>
    public int Count => _ranges.Length;

    /// <summary>Binary attachments referenced by placeholders, in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    /// <summary>The arguments' JSON joined by commas, without brackets.</summary>
    internal ReadOnlyMemory<byte> Json => _json;

    internal ReadOnlyMemory<byte>[] AttachmentArray => _attachments;

    /// <summary>Copies these arguments with the binary attachments that arrived after the packet.</summary>
    internal SocketIOArguments WithAttachments(ReadOnlyMemory<byte>[] attachments) => new(_json, _ranges, attachments);

    /// <summary>
    /// Whether every binary placeholder, at any depth, points at an attachment that exists (the reference
    /// parser refuses the packet otherwise).
    /// </summary>
    internal bool PlaceholdersAreValid()
    {
        if (_json.IsEmpty)
        {
            return true;
        }

        using var document = JsonDocument.Parse(_json.ToArray().Prepend((byte)'[').Append((byte)']').ToArray());
        return Valid(document.RootElement, _attachments.Length);

        static bool Valid(JsonElement element, int count)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!Valid(item, count))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Object:
                    if (element.TryGetProperty("_placeholder", out var flag) && flag.ValueKind == JsonValueKind.True)
                    {
                        return element.TryGetProperty("num", out var num) && num.TryGetInt32(out var n) && n >= 0 && n < count;
                    }

                    foreach (var property in element.EnumerateObject())
                    {
                        if (!Valid(property.Value, count))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
    }

    /// <summary>
    /// The raw JSON of argument <paramref name="index"/>. For a binary argument this is its placeholder
    /// (<c>{"_placeholder":true,"num":N}</c>): use <see cref="TryGetBinary"/> to get the bytes.
    /// </summary>
    public ReadOnlyMemory<byte> GetRawJson(int index)
    {
        var (start, length) = _ranges[index];
        return _json.Slice(start, length);
    }

    /// <summary>The JSON kind of argument <paramref name="index"/>, without deserializing it.</summary>
    public JsonValueKind GetKind(int index)
    {
        if ((uint)index >= (uint)_ranges.Length)
        {
            return JsonValueKind.Undefined;
        }

        return GetRawJson(index).Span[0] switch
        {
            (byte)'{' => JsonValueKind.Object,
            (byte)'[' => JsonValueKind.Array,
            (byte)'"' => JsonValueKind.String,
            (byte)'t' => JsonValueKind.True,
            (byte)'f' => JsonValueKind.False,
            (byte)'n' => JsonValueKind.Null,
            _ => JsonValueKind.Number,
        };
    }

    /// <summary>Deserializes argument <paramref name="index"/>; default when it is missing or of another shape.</summary>
    public T? GetValue<T>(int index, JsonTypeInfo<T> typeInfo)
    {
        if ((uint)index >= (uint)_ranges.Length)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(GetRawJson(index).Span, typeInfo);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Argument <paramref name="index"/> as a string, or null when it is not a JSON string.</summary>
    public string? GetString(int index) =>
        GetKind(index) == JsonValueKind.String ? JsonSerializer.Deserialize(GetRawJson(index).Span, SocketIOJsonContext.Default.String) : null;

    /// <summary>Argument <paramref name="index"/> as a <see cref="JsonElement"/> (a copy that outlives this object).</summary>
    public JsonElement GetElement(int index)
    {
        if ((uint)index >= (uint)_ranges.Length)
        {
            return default;
        }

        using var document = JsonDocument.Parse(GetRawJson(index));
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The bytes of argument <paramref name="index"/> when it is a binary placeholder
    /// (<c>{"_placeholder":true,"num":N}</c>) with its attachment present.
    /// </summary>
    public bool TryGetBinary(int index, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (GetKind(index) != JsonValueKind.Object || _attachments.Length == 0)
        {
            return false;
        }

        var element = GetElement(index);
        if (element.TryGetProperty("_placeholder", out var flag) && flag.ValueKind == JsonValueKind.True
            && element.TryGetProperty("num", out var num) && num.TryGetInt32(out var n) && (uint)n < (uint)_attachments.Length)
        {
            bytes = _attachments[n];
            return true;
        }

        return false;
    }

    /// <summary>One argument serialized with <paramref name="typeInfo"/>.</summary>
    public static SocketIOArguments From<T>(T value, JsonTypeInfo<T> typeInfo) => new Builder().Add(value, typeInfo).Build();

    /// <summary>One string argument.</summary>
    public static SocketIOArguments FromString(string value) => new Builder().AddString(value).Build();

    /// <summary>One argument given as raw JSON (validated).</summary>
    public static SocketIOArguments FromJson(ReadOnlySpan<byte> json) => new Builder().AddJson(json).Build();

    /// <summary>Builds outgoing arguments.</summary>
    public sealed class Builder
    {
        private readonly PooledBufferWriter _buffer = new(128);
        private readonly List<(int Start, int Length)> _ranges = [];
        private List<ReadOnlyMemory<byte>>? _attachments;

        /// <summary>Adds a value serialized with <paramref name="typeInfo"/>.</summary>
        public Builder Add<T>(T value, JsonTypeInfo<T> typeInfo)
        {
            var start = BeginElement();
            using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
            {
                JsonSerializer.Serialize(writer, value, typeInfo);
            }

            return EndElement(start);
        }

        /// <summary>Adds a string.</summary>
        public Builder AddString(string value) => Add(value, SocketIOJsonContext.Default.String);

        /// <summary>Adds a JSON value given as UTF-8 text; it must be one valid JSON value.</summary>
        public Builder AddJson(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                throw new ArgumentException("Empty JSON.", nameof(json));
            }

            reader.Skip();
            if (reader.Read())
            {
                throw new ArgumentException("More than one JSON value.", nameof(json));
            }

            var start = BeginElement();
            _buffer.Write(json);
            return EndElement(start);
        }

        /// <summary>Adds binary data: a placeholder in the JSON and an attachment sent as a binary message.</summary>
        public Builder AddBinary(ReadOnlyMemory<byte> bytes)
        {
            _attachments ??= [];
            var start = BeginElement();
            using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteBoolean("_placeholder", true);
                writer.WriteNumber("num", _attachments.Count);
                writer.WriteEndObject();
            }

            _attachments.Add(bytes);
            return EndElement(start);
        }

        /// <summary>Adds every argument of <paramref name="arguments"/> (binary ones stay binary).</summary>
        public Builder AddAll(SocketIOArguments arguments)
        {
            if (arguments.Count == 0)
            {
                return this;
            }

            if (arguments._attachments.Length > 0)
            {
                if (_attachments is { Count: > 0 })
                {
                    throw new InvalidOperationException("Cannot merge two argument lists that both carry binary attachments.");
                }

                _attachments = [.. arguments._attachments];
            }

            var offset = _buffer.WrittenCount + (_ranges.Count > 0 ? 1 : 0);
            if (_ranges.Count > 0)
            {
                _buffer.Write(","u8);
            }

            _buffer.Write(arguments._json.Span);
            foreach (var (start, length) in arguments._ranges)
            {
                _ranges.Add((offset + start, length));
            }

            return this;
        }

        /// <summary>Copies what was added into a new <see cref="SocketIOArguments"/> and releases the buffer.</summary>
        public SocketIOArguments Build()
        {
            var result = new SocketIOArguments(_buffer.ToArray(), [.. _ranges], _attachments is null ? [] : [.. _attachments]);
            _buffer.Dispose();
            return result;
        }

        private int BeginElement()
        {
            if (_ranges.Count > 0)
            {
                _buffer.Write(","u8);
            }

            return _buffer.WrittenCount;
        }

        private Builder EndElement(int start)
        {
            _ranges.Add((start, _buffer.WrittenCount - start));
            return this;
        }
    }
}
