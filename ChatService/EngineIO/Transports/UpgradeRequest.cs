using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// The first HTTP/1.1 request of a connection, read straight from the connection's bytes when it is a plain
/// WebSocket handshake (<c>GET</c>, <c>Upgrade: websocket</c>, version 13, a key, no body). Anything else —
/// another method or version, folded or malformed headers, a body, a request larger than the bound — is not
/// ours, and the connection goes to Kestrel's HTTP pipeline untouched.
/// </summary>
/// <remarks>
/// The request's parts are strings for the handshake only; a session keeps just <see cref="Head"/> (the bytes as
/// received, about half the size of their text) and parses it again if anyone asks for its headers or target.
/// </remarks>
internal sealed class UpgradeRequest
{
    /// <summary>Requests larger than this go through the HTTP pipeline (whose own limits then apply).</summary>
    public const int MaxBytes = 8 * 1024;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private UpgradeRequest(byte[] head, string path, string queryString, string key, string origin)
    {
        Head = head;
        Path = path;
        QueryString = queryString;
        Key = key;
        Origin = origin;
    }

    /// <summary>The request line and the header lines as received, without the blank line that ends them.</summary>
    public byte[] Head { get; }

    /// <summary>The path of the request target (percent-escapes left as sent).</summary>
    public string Path { get; }

    /// <summary>The query string, with its leading <c>?</c> (empty when there is none).</summary>
    public string QueryString { get; }

    /// <summary>The <c>Sec-WebSocket-Key</c> of the handshake.</summary>
    public string Key { get; }

    /// <summary>The <c>Origin</c> header, or an empty string.</summary>
    public string Origin { get; }

    /// <summary>The headers (names case-insensitive; repeated headers keep every value), parsed anew on each call.</summary>
    public Dictionary<string, StringValues> ParseHeaders() => ParseHeaders(Head);

    /// <summary>The headers of a request <see cref="Head"/> (one that parsed), as <see cref="ParseHeaders()"/> returns them.</summary>
    public static Dictionary<string, StringValues> ParseHeaders(byte[] head) => ReadHeaders(Lines(head))!;

    /// <summary>The request target (path and query) of a request <see cref="Head"/> (one that parsed).</summary>
    public static string ParseTarget(byte[] head) => Lines(head)[0].Split(' ')[1];

    /// <summary>The query parameters, parsed anew on each call.</summary>
    public Dictionary<string, StringValues> ParseQuery() => QueryHelpers.ParseQuery(QueryString);

    /// <summary>The query parameters of a request <see cref="Head"/> (one that parsed), as <see cref="ParseQuery()"/> returns them.</summary>
    public static Dictionary<string, StringValues> ParseQuery(byte[] head) => QueryHelpers.ParseQuery(SplitTarget(ParseTarget(head)).QueryString);

    /// <summary>
    /// Reads the request at the start of <paramref name="buffer"/>: <see cref="UpgradeParse.Parsed"/> with the
    /// request and where it ends, <see cref="UpgradeParse.Incomplete"/> when more bytes are needed to tell, or
    /// <see cref="UpgradeParse.NotOurs"/>.
    /// </summary>
    public static UpgradeParse TryParse(in ReadOnlySequence<byte> buffer, out UpgradeRequest? request, out SequencePosition end)
    {
        request = null;
        end = buffer.Start;
        if (!StartsWithGet(buffer))
        {
            return buffer.Length < 4 ? UpgradeParse.Incomplete : UpgradeParse.NotOurs;
        }

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeaderEnd))
        {
            return buffer.Length < MaxBytes ? UpgradeParse.Incomplete : UpgradeParse.NotOurs;
        }

        if (head.Length + HeaderEnd.Length > MaxBytes)
        {
            return UpgradeParse.NotOurs;
        }

        end = reader.Position;
        request = Parse(head.ToArray());
        return request is null ? UpgradeParse.NotOurs : UpgradeParse.Parsed;
    }

    private static bool StartsWithGet(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> first = stackalloc byte[4];
        if (buffer.Length < 4)
        {
            buffer.CopyTo(first);
            return "GET "u8[..(int)buffer.Length].SequenceEqual(first[..(int)buffer.Length]);
        }

        buffer.Slice(0, 4).CopyTo(first);
        return first.SequenceEqual("GET "u8);
    }

    private static string[] Lines(byte[] head) => Encoding.Latin1.GetString(head).Split("\r\n");

    private static UpgradeRequest? Parse(byte[] head)
    {
        var lines = Lines(head);
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[2] != "HTTP/1.1" || !requestLine[1].StartsWith('/'))
        {
            return null;
        }

        // The dictionary only serves the checks: the request keeps its bytes, and the session parses them again
        // if anyone asks for the headers.
        var headers = ReadHeaders(lines);
        if (headers is null || !IsWebSocketHandshake(headers))
        {
            return null;
        }

        var key = headers["Sec-WebSocket-Key"].ToString();
        var origin = headers.TryGetValue("Origin", out var value) ? value.ToString() : string.Empty;
        var (path, query) = SplitTarget(requestLine[1]);
        return new UpgradeRequest(head, path, query, key, origin);
    }

    private static (string Path, string QueryString) SplitTarget(string target) =>
        target.IndexOf('?') is var question and >= 0 ? (target[..question], target[question..]) : (target, string.Empty);

    /// <summary>The header lines (after the request line) as a dictionary; null when one is malformed or folded.</summary>
    private static Dictionary<string, StringValues>? ReadHeaders(string[] lines)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] is ' ' or '\t' || line.AsSpan(0, colon).ContainsAny(" \t"))
            {
                return null;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            headers[name] = headers.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }

        return headers;
    }

    private static bool IsWebSocketHandshake(Dictionary<string, StringValues> headers) =>
        headers.ContainsKey("Host")
        && !headers.ContainsKey("Content-Length")
        && !headers.ContainsKey("Transfer-Encoding")
        && HasToken(headers, "Upgrade", "websocket")
        && HasToken(headers, "Connection", "upgrade")
        && headers.TryGetValue("Sec-WebSocket-Version", out var version) && version == "13"
        && headers.TryGetValue("Sec-WebSocket-Key", out var key) && key.Count == 1 && IsValidKey(key.ToString());

    private static bool HasToken(Dictionary<string, StringValues> headers, string name, string token)
    {
        if (!headers.TryGetValue(name, out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            foreach (var part in value!.Split(','))
            {
                if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // RFC 6455 §4.2.1: the key is 16 random bytes, base64-encoded (24 characters).
    private static bool IsValidKey(string key)
    {
        Span<byte> bytes = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, bytes, out var written) && written == 16;
    }
}
