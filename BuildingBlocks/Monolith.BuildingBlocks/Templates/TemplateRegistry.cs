using System.Reflection;
using System.Text.RegularExpressions;

namespace Monolith.BuildingBlocks.Templates;

/// <summary>The template files found in the modules' embedded resources, by name and language.</summary>
/// <remarks>
/// Resource file names (after the prefix; sub-folders become dots):
/// <list type="bullet">
/// <item><c>quote.fr.sbn</c> → template <c>{module}.quote</c>, HTML body, language <c>fr</c>. Its first line may be
/// <c>{{## subject: Votre devis n° {{ Number }} ##}}</c> (the e-mail subject / document title, rendered without HTML escaping).</item>
/// <item><c>quote.txt.fr.sbn</c> → the plain-text variant of <c>{module}.quote</c> (no escaping).</item>
/// <item><c>_footer.fr.sbn</c> (leading underscore) → partial <c>{module}-footer</c>, usable as <c>{{ include "bookings-footer" }}</c>.</item>
/// </list>
/// The platform ships the layouts <c>layout-email</c> and <c>layout-document</c> (see <see cref="SharedLayouts"/>).
/// </remarks>
internal sealed partial class TemplateRegistry
{
    public const string DefaultLanguage = "fr";

    /// <summary>The file extension of a template (Scriban).</summary>
    public const string Extension = ".sbn";

    private readonly Dictionary<(string Name, string Language), TemplateFile> _templates = new();
    private readonly Dictionary<string, string> _partials = new(StringComparer.Ordinal);

    public TemplateRegistry(IEnumerable<TemplateSource> sources)
    {
        foreach (var source in sources)
        {
            Load(source);
        }
    }

    public IReadOnlyDictionary<string, string> Partials => _partials;

    public IEnumerable<string> TemplateNames => _templates.Keys.Select(k => k.Name).Distinct();

    public IEnumerable<TemplateFile> Files => _templates.Values;

    public TemplateFile? Find(string name, string language) =>
        _templates.TryGetValue((name, language), out var file) ? file
        : _templates.TryGetValue((name, DefaultLanguage), out var fallback) ? fallback
        : null;

    private void Load(TemplateSource source)
    {
        var resources = source.Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(source.ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(Extension, StringComparison.Ordinal))
            .ToList();
        if (resources.Count == 0)
        {
            throw new InvalidOperationException(
                $"Module '{source.ModuleName}' declared templates but {source.Assembly.GetName().Name} embeds no '{source.ResourcePrefix}*{Extension}'. "
                + $"Add <EmbeddedResource Include=\"Templates/**/*{Extension}\" WithCulture=\"false\" /> to its csproj "
                + $"(without WithCulture=false, MSBuild moves 'x.fr{Extension}' into a satellite assembly).");
        }

        foreach (var resource in resources)
        {
            var parts = resource[source.ResourcePrefix.Length..^Extension.Length].Split('.').ToList();
            var language = DefaultLanguage;
            if (parts.Count > 1 && LanguageCode().IsMatch(parts[^1]))
            {
                language = parts[^1];
                parts.RemoveAt(parts.Count - 1);
            }

            var isText = parts.Count > 1 && parts[^1] == "txt";
            if (isText)
            {
                parts.RemoveAt(parts.Count - 1);
            }

            var localName = string.Join('.', parts);
            var content = Read(source.Assembly, resource);
            var qualified = source.ModuleName.Length == 0 ? localName : $"{source.ModuleName}.{localName}";
            if (localName.StartsWith('_'))
            {
                var partialName = source.ModuleName.Length == 0 ? localName[1..] : $"{source.ModuleName}-{localName[1..]}";
                if (language == DefaultLanguage || !_partials.ContainsKey(partialName))
                {
                    _partials[partialName] = content;
                }

                continue;
            }

            var existing = _templates.TryGetValue((qualified, language), out var file) ? file : new TemplateFile(qualified, language, null, string.Empty, null);
            _templates[(qualified, language)] = isText
                ? existing with { Text = content }
                : ParseSubject(existing, content);
        }
    }

    private static TemplateFile ParseSubject(TemplateFile file, string content)
    {
        var match = SubjectLine().Match(content);
        return match.Success
            ? file with { Subject = match.Groups["subject"].Value.Trim(), Html = content[match.Length..] }
            : file with { Html = content };
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LanguageCode();

    [GeneratedRegex(@"\A\uFEFF?[ \t]*\{\{##[ \t]*subject:(?<subject>.*?)##\}\}[ \t]*(\r?\n|\z)")]
    private static partial Regex SubjectLine();
}

internal sealed record TemplateFile(string Name, string Language, string? Subject, string Html, string? Text);
