namespace ChatService.Hosting;

/// <summary>Turns the original service's <c>--port N</c> into Kestrel's <c>--urls http://localhost:N</c>.</summary>
internal static class PortArgument
{
    public static string[] Rewrite(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? port = null;
            if (arg is "--port" or "-p" && i + 1 < args.Length)
            {
                port = args[++i];
            }
            else if (arg.StartsWith("--port=", StringComparison.Ordinal))
            {
                port = arg["--port=".Length..];
            }

            if (port is null)
            {
                result.Add(arg);
            }
            else if (int.TryParse(port, out var number) && number is >= 0 and <= 65535)
            {
                result.Add($"--urls=http://localhost:{number}");
            }
            else
            {
                throw new ArgumentException($"--port expects a number between 0 and 65535, not '{port}'.");
            }
        }

        return [.. result];
    }
}
