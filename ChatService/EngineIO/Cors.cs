namespace ChatService.EngineIO;

/// <summary>CORS for polling answers and the origin check for every Engine.IO request.</summary>
internal static class Cors
{
    /// <summary>Adds the CORS headers; false when the request's origin is not allowed.</summary>
    public static bool Apply(HttpContext context, EngineIOOptions options)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Not a browser (or a same-origin navigation): nothing to check, nothing to announce.
            return true;
        }

        if (!options.IsOriginAllowed(origin))
        {
            return false;
        }

        var headers = context.Response.Headers;
        if (options.AllowsAnyOrigin && !options.AllowCredentials)
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
        }

        if (options.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        return true;
    }

    public static void WritePreflight(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        var requested = context.Request.Headers.AccessControlRequestHeaders;
        if (requested.Count > 0)
        {
            headers.AccessControlAllowHeaders = requested;
        }

        headers.AccessControlMaxAge = "86400";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
