using System.Text.Json;
using System.Text.RegularExpressions;
using ChatService.Bot.Understanding;

namespace ChatService.Bot;

/// <summary>Reads, validates and indexes a knowledge base file; every problem becomes a <see cref="KnowledgeBaseException"/>.</summary>
internal static partial class KnowledgeBaseLoader
{
    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static KnowledgeBase LoadFile(string path, double threshold)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeBaseException($"cannot read the knowledge base '{path}': {e.Message}", e);
        }

        return Parse(bytes, threshold, path);
    }

    /// <summary>Parses UTF-8 JSON; <paramref name="source"/> names it in errors.</summary>
    public static KnowledgeBase Parse(ReadOnlySpan<byte> json, double threshold, string source)
    {
        KnowledgeBaseDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, KnowledgeBaseJsonContext.Default.KnowledgeBaseDocument);
        }
        catch (JsonException e)
        {
            throw new KnowledgeBaseException($"the knowledge base '{source}' is not valid JSON: {e.Message}", e);
        }

        if (document is null)
        {
            throw new KnowledgeBaseException($"the knowledge base '{source}' is empty (null)");
        }

        return Build(document, threshold, source);
    }

    /// <summary>Validates <paramref name="document"/> and builds the matcher over it.</summary>
    public static KnowledgeBase Build(KnowledgeBaseDocument document, double threshold, string source)
    {
        var errors = Validate(document);
        if (errors.Count > 0)
        {
            throw new KnowledgeBaseException($"the knowledge base '{source}' is invalid: {string.Join("; ", errors)}");
        }

        var intents = document.Intents
            .Select(static i => new KnowledgeBaseIntent(i.Id, i.Social, i.Examples.ToArray(), i.Answers.ToArray()))
            .ToArray();
        var analyzer = new TextAnalyzer(
            document.Abbreviations ?? [],
            document.Synonyms ?? [],
            intents.SelectMany(static i => i.Examples));
        var matcher = new IntentMatcher(analyzer, intents, threshold);
        var messages = document.Messages.ToDictionary(
            static p => p.Key,
            static p => (IReadOnlyList<string>)p.Value.ToArray(),
            StringComparer.Ordinal);
        return new KnowledgeBase(intents, messages, matcher, source);
    }

    /// <summary>Every problem of the document, each naming what to fix; empty when it is valid.</summary>
    public static List<string> Validate(KnowledgeBaseDocument document)
    {
        var errors = new List<string>();
        if (document.Intents is null || document.Intents.Count == 0)
        {
            errors.Add("'intents' is empty");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < document.Intents.Count; i++)
            {
                var intent = document.Intents[i];
                if (intent is null)
                {
                    errors.Add($"intents[{i}] is null");
                    continue;
                }

                var name = string.IsNullOrEmpty(intent.Id) ? $"intents[{i}]" : $"intent '{intent.Id}'";
                if (intent.Id is null || !IntentId().IsMatch(intent.Id))
                {
                    errors.Add($"{name}: 'id' must be lower-case letters, digits and underscores");
                }
                else if (intent.Id == BotIntents.Unknown)
                {
                    errors.Add($"{name}: 'unknown' is reserved for messages that are not understood");
                }
                else if (!seen.Add(intent.Id))
                {
                    errors.Add($"{name}: defined twice");
                }

                CheckTexts(errors, $"{name}: 'examples'", intent.Examples);
                CheckTexts(errors, $"{name}: 'answers'", intent.Answers);
            }

            if (!seen.Contains(BotIntents.HumanHandoff))
            {
                errors.Add($"intent '{BotIntents.HumanHandoff}' is required (the hand-off to a person depends on it)");
            }
        }

        foreach (var key in BotMessageKeys.Required)
        {
            if (document.Messages is null || !document.Messages.ContainsKey(key))
            {
                errors.Add($"messages: '{key}' is required");
            }
        }

        foreach (var (key, variants) in document.Messages ?? [])
        {
            CheckTexts(errors, $"messages: '{key}'", variants);
        }

        foreach (var (canonical, variants) in document.Synonyms ?? [])
        {
            if (string.IsNullOrWhiteSpace(canonical) || TextNormalizer.Normalize(canonical).Length == 0)
            {
                errors.Add("synonyms: a canonical word is blank");
            }

            CheckTexts(errors, $"synonyms: '{canonical}'", variants);
        }

        foreach (var (abbreviation, expansion) in document.Abbreviations ?? [])
        {
            if (TextNormalizer.Normalize(abbreviation).Contains(' ') || string.IsNullOrWhiteSpace(expansion))
            {
                errors.Add($"abbreviations: '{abbreviation}' must be one word with a non-blank expansion");
            }
        }

        return errors;
    }

    private static void CheckTexts(List<string> errors, string what, List<string>? texts)
    {
        if (texts is null || texts.Count == 0)
        {
            errors.Add($"{what} is empty");
            return;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                errors.Add($"{what}[{i}] is blank");
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IntentId();
}
