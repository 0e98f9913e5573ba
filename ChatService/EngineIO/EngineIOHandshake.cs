using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace ChatService.EngineIO;

/// <summary>
/// What the client's first HTTP request carried, copied out of the <see cref="HttpContext"/> (which is
/// recycled when the request ends) so that the layers above can inspect it for the whole session.
/// </summary>
/// <remarks>
/// A WebSocket opened at the connection level keeps only the request's bytes as received: its headers, query and
/// URL are parsed when someone asks (most sessions never do), so an idle connection holds no dictionary and no text.
/// </remarks>
public sealed class EngineIOHandshake
{
    private readonly byte[]? _head;
    private readonly string? _url;
    private IReadOnlyDictionary<string, StringValues>? _headers;
    private IReadOnlyDictionary<string, StringValues>? _query;

    private EngineIOHandshake(
        IReadOnlyDictionary<string, StringValues>? headers,
        IReadOnlyDictionary<string, StringValues>? query,
        byte[]? head,
        IPAddress? remoteAddress,
        int remotePort,
        string? url,
        bool isSecure,
        DateTimeOffset issued)
    {
        _headers = headers;
        _query = query;
        _head = head;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
        _url = url;
        IsSecure = isSecure;
        Issued = issued;
    }

    /// <summary>Request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, StringValues> Headers => _headers ??= Transports.UpgradeRequest.ParseHeaders(_head!);

    /// <summary>Query string parameters (case-sensitive names, as in the URL).</summary>
    public IReadOnlyDictionary<string, StringValues> Query => _query ??= Transports.UpgradeRequest.ParseQuery(_head!);

    /// <summary>The client's address as Kestrel saw it (or as forwarded-headers middleware rewrote it).</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>The client's port.</summary>
    public int RemotePort { get; }

    /// <summary>Path and query of the handshake request.</summary>
    public string Url => _url ?? Transports.UpgradeRequest.ParseTarget(_head!);

    /// <summary>Whether the request came over TLS.</summary>
    public bool IsSecure { get; }

    /// <summary>When the handshake was received.</summary>
    public DateTimeOffset Issued { get; }

    /// <summary>The <c>Origin</c> header, when the client sent one.</summary>
    public string? Origin => Headers.TryGetValue("Origin", out var o) ? o.ToString() : null;

    /// <summary>The handshake of a WebSocket opened on a connection's first request, read without the HTTP pipeline.</summary>
    internal static EngineIOHandshake From(Transports.UpgradeRequest request, IPEndPoint? remote, DateTimeOffset now) =>
        new(null, null, request.Head, remote?.Address, remote?.Port ?? 0, url: null, isSecure: false, now);

    internal static EngineIOHandshake From(HttpContext context, DateTimeOffset now)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in context.Request.Headers)
        {
            headers[name] = value;
        }

        var query = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Request.Query)
        {
            query[name] = value;
        }

        var connection = context.Features.Get<IHttpConnectionFeature>();
        return new EngineIOHandshake(
            headers,
            query,
            null,
            context.Connection.RemoteIpAddress,
            connection?.RemotePort ?? context.Connection.RemotePort,
            context.Request.Path + context.Request.QueryString,
            context.Request.IsHttps,
            now);
    }
}
