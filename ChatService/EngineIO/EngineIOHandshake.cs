using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace ChatService.EngineIO;

/// <summary>
/// What the client's first HTTP request carried, copied out of the <see cref="HttpContext"/> (which is
/// recycled when the request ends) so that the layers above can inspect it for the whole session.
/// </summary>
/// <remarks>
/// A WebSocket opened at the connection level keeps only the request's text: its headers and query are parsed
/// the first time someone asks (most sessions never do), so an idle connection does not hold two dictionaries.
/// </remarks>
public sealed class EngineIOHandshake
{
    private readonly Transports.UpgradeRequest? _request;
    private IReadOnlyDictionary<string, StringValues>? _headers;
    private IReadOnlyDictionary<string, StringValues>? _query;

    private EngineIOHandshake(
        IReadOnlyDictionary<string, StringValues>? headers,
        IReadOnlyDictionary<string, StringValues>? query,
        Transports.UpgradeRequest? request,
        IPAddress? remoteAddress,
        int remotePort,
        string url,
        bool isSecure,
        DateTimeOffset issued)
    {
        _headers = headers;
        _query = query;
        _request = request;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
        Url = url;
        IsSecure = isSecure;
        Issued = issued;
    }

    /// <summary>Request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, StringValues> Headers => _headers ??= _request!.ParseHeaders();

    /// <summary>Query string parameters (case-sensitive names, as in the URL).</summary>
    public IReadOnlyDictionary<string, StringValues> Query => _query ??= _request!.ParseQuery();

    /// <summary>The client's address as Kestrel saw it (or as forwarded-headers middleware rewrote it).</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>The client's port.</summary>
    public int RemotePort { get; }

    /// <summary>Path and query of the handshake request.</summary>
    public string Url { get; }

    /// <summary>Whether the request came over TLS.</summary>
    public bool IsSecure { get; }

    /// <summary>When the handshake was received.</summary>
    public DateTimeOffset Issued { get; }

    /// <summary>The <c>Origin</c> header, when the client sent one.</summary>
    public string? Origin => Headers.TryGetValue("Origin", out var o) ? o.ToString() : null;

    /// <summary>The handshake of a WebSocket opened on a connection's first request, read without the HTTP pipeline.</summary>
    internal static EngineIOHandshake From(Transports.UpgradeRequest request, IPEndPoint? remote, DateTimeOffset now) =>
        new(null, null, request, remote?.Address, remote?.Port ?? 0, request.Path + request.QueryString, isSecure: false, now);

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
