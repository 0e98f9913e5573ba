using System.Globalization;
using System.Reflection;

namespace ChatService.Storage;

/// <summary>Loads the numbered <c>NNNN_name.sql</c> migrations embedded under a resource prefix, in order.</summary>
internal static class EmbeddedMigrations
{
    /// <summary>The migrations under <paramref name="resourcePrefix"/>, checked to be numbered 1, 2, 3…</summary>
    public static List<(int Version, string Name, string Sql)> Load(string resourcePrefix, string engine)
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var migrations = new List<(int Version, string Name, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(resourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = name[resourcePrefix.Length..];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add((version, fileName, Read(assembly, name)));
        }

        migrations.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{engine} migrations must be numbered 1, 2, 3…; found {migrations[i].Name}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
