using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChatService.Hosting.Limits;

/// <summary>
/// Kestrel's HTTP limits, set explicitly so that they are documented and tested rather than implied
/// (docs/security.md lists them). Any of them can still be changed under <c>Kestrel:Limits</c>, which is
/// applied after these defaults.
/// </summary>
internal static class HttpLimits
{
    /// <summary>Request line (method, path and query): 8 KiB, Kestrel's default.</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>All request headers together: 32 KiB, Kestrel's default.</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>How many request headers: 100, Kestrel's default.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>The floor of the request body limit: 1 MiB (Kestrel's default is 30 MB).</summary>
    public const long MinRequestBodySize = 1024 * 1024;

    /// <summary>How long a client may take to send its request headers: 15 seconds (Kestrel's default is 30).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long an idle keep-alive connection stays open: 130 seconds, Kestrel's default (above a long-poll).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>The slowest accepted request body: 240 bytes/s after a 5 s grace period, Kestrel's default.</summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>
    /// Applies the limits. The request body limit is the larger of 1 MiB and <c>EngineIO:MaxPayload</c>, so that
    /// a polling POST of up to maxPayload bytes always reaches the Engine.IO layer (which answers 413 beyond it).
    /// </summary>
    public static void AddHttpLimits(this WebApplicationBuilder builder)
    {
        var maxPayload = builder.Configuration.GetValue("EngineIO:MaxPayload", 1_000_000);
        var configured = builder.Configuration.GetSection("Kestrel:Limits");
        builder.WebHost.ConfigureKestrel(options =>
        {
            var limits = options.Limits;
            limits.MaxRequestLineSize = MaxRequestLineSize;
            limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
            limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            limits.MaxRequestBodySize = Math.Max(MinRequestBodySize, maxPayload);
            limits.RequestHeadersTimeout = RequestHeadersTimeout;
            limits.KeepAliveTimeout = KeepAliveTimeout;
            limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
            configured.Bind(limits);
        });
    }
}
