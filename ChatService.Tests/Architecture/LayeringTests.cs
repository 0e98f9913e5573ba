using System.Reflection;

namespace ChatService.Tests.Architecture;

/// <summary>
/// Dependencies point one way: EngineIO ← SocketIO ← Chat ← Bot / Storage / Api; Hosting wires everything.
/// Checked over every type's base types, interfaces, fields, properties, constructor and method signatures.
/// </summary>
public sealed class LayeringTests
{
    // Layer → the ChatService namespaces it may reference (besides itself and the shared ChatService.Buffers).
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["ChatService.EngineIO"] = [],
        ["ChatService.SocketIO"] = ["ChatService.EngineIO"],
        ["ChatService.Chat"] = ["ChatService.SocketIO", "ChatService.EngineIO"],
        ["ChatService.Bot"] = ["ChatService.Chat"],
        ["ChatService.Api"] = ["ChatService.Chat"],
        // Storage.Redis (cluster presence) shares the node's Redis connection and wire primitives with Adapters.Redis.
        ["ChatService.Storage"] = ["ChatService.Chat", "ChatService.SocketIO", "ChatService.Adapters"],
        // The Redis adapter scales the Socket.IO layer out; it never knows the chat.
        ["ChatService.Adapters"] = ["ChatService.SocketIO", "ChatService.EngineIO"],
    };

    public static IEnumerable<string> Layers() => Allowed.Keys;

    [TestCaseSource(nameof(Layers))]
    public void LayerReferencesOnlyWhatItMay(string layer)
    {
        var violations = new List<string>();
        foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => LayerOf(t.Namespace) == layer))
        {
            foreach (var referenced in ReferencedTypes(type))
            {
                var target = LayerOf(referenced.Namespace);
                if (target is null || target == layer || target == "ChatService.Buffers" || Allowed[layer].Contains(target))
                {
                    continue;
                }

                violations.Add($"{type.FullName} → {referenced.FullName}");
            }
        }

        Assert.That(violations.Distinct(), Is.Empty);
    }

    [Test]
    public void ProtocolLayersNeverMentionChat()
    {
        // Rooms and messages are Socket.IO words too; these are the chat's own.
        var chatWords = new[] { "Chat", "Bot", "Handoff", "Username", "Support" };
        var offenders = typeof(Program).Assembly.GetTypes()
            .Where(t => LayerOf(t.Namespace) is "ChatService.EngineIO" or "ChatService.SocketIO")
            .Where(t => chatWords.Any(w => t.Name.Contains(w, StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();
        Assert.That(offenders, Is.Empty);
    }

    private static string? LayerOf(string? ns)
    {
        if (ns is null || !ns.StartsWith("ChatService.", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns.Split('.');
        return parts.Length >= 2 ? parts[0] + "." + parts[1] : null;
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = new List<Type?> { type.BaseType };
        types.AddRange(type.GetInterfaces());
        types.AddRange(type.GetFields(all).Select(f => f.FieldType));
        types.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            types.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                types.Add(info.ReturnType);
            }
        }

        return types.Where(t => t is not null).SelectMany(t => Expand(t!));
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Expand(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }
}
