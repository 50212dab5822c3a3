using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Monolith.BuildingBlocks.Templates;

/// <summary><see cref="ITemplateRenderer"/> over Scriban. Every template, subject line, text variant, partial and layout is parsed once,
/// when the renderer is built (the host builds it at start-up: <see cref="TemplateStartupCheck"/>); a syntax error or an include of an
/// unknown partial fails there, with every problem listed.</summary>
/// <remarks>
/// <para>What a template sees: the model's members under their C# names (<c>{{ Number }}</c>, <c>{{ Seller.Address.City }}</c>,
/// <c>{{ for line in Lines }}…{{ end }}</c>), Scriban's builtins (<c>string.*</c>, <c>array.*</c>...) and these functions:
/// <c>{{ money TotalTtc }}</c> → <c>1 698,00 €</c> (integer cents); <c>{{ date DueOn }}</c> → <c>19/12/2016</c> (DateOnly, DateTime,
/// DateTimeOffset in the configured zone, ISO string); <c>{{ datetime At }}</c> → <c>19-12-2016 à 11:55</c>, or
/// <c>{{ datetime At "dd/MM/yyyy HH:mm" }}</c>; <c>{{ percent 0.2 }}</c> → <c>20 %</c> (a fraction); <c>{{ include "billing-document" }}</c>
/// (a partial, rendered with the same model); <c>{{ raw Link }}</c> (written without HTML escaping); <c>{{ layout "layout-email" title body }}</c>
/// (wraps an HTML body captured with <c>{{ capture body }}…{{ end }}</c>). <c>date</c> replaces Scriban's builtin <c>date</c> object:
/// "now" comes from the caller's <see cref="TimeProvider"/>, never from the template.</para>
/// <para>Rules that differ from raw Scriban, chosen so templates stay safe and strict: in the HTML body every value written is
/// HTML-escaped (<c>&amp; &lt; &gt; " ' ` =</c>, as Handlebars did) unless it comes from <c>raw</c>, <c>include</c> or <c>layout</c>;
/// subjects and text variants are not escaped. A top-level name the model does not have is empty (a shared partial may read fields
/// only some models have, e.g. billing's document partial), but a member an object does not have is an error (<c>{{ line.Lable }}</c>
/// fails the sample-rendering test, not a customer's e-mail); reading a member of null is an error too unless written <c>a?.b</c>.
/// <c>if</c> is false for null, false, "", 0 and empty lists (as in Handlebars; Scriban alone treats "" and 0 as true).</para>
/// </remarks>
internal sealed partial class ScribanTemplateRenderer : ITemplateRenderer
{
    private readonly TemplateRegistry _registry;
    private readonly TemplateOptions _options;
    private readonly TimeZoneInfo _timeZone;
    private readonly Dictionary<(string Name, string Language), Compiled> _templates = [];
    private readonly Dictionary<string, Template> _partials = new(StringComparer.Ordinal);
    private readonly ScriptObject _functions;

    public ScribanTemplateRenderer(IEnumerable<TemplateSource> sources, TemplateOptions options)
    {
        _registry = new TemplateRegistry(sources);
        _options = options;
        _timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId);
        _functions = CreateFunctions();

        var errors = new List<string>();
        var includes = new List<(string From, string Partial)>();
        Template Parse(string source, string path)
        {
            var template = Template.Parse(source, path);
            if (template.HasErrors)
            {
                errors.AddRange(template.Messages.Select(m => m.ToString()));
            }

            includes.AddRange(IncludeCall().Matches(source).Select(m => (path, m.Groups["name"].Value)));
            return template;
        }

        _partials[SharedLayouts.Email] = Parse(SharedLayouts.EmailLayout, SharedLayouts.Email);
        _partials[SharedLayouts.Document] = Parse(SharedLayouts.DocumentLayout, SharedLayouts.Document);
        foreach (var (name, content) in _registry.Partials)
        {
            _partials[name] = Parse(content, name);
        }

        foreach (var file in _registry.Files)
        {
            var path = $"{file.Name}.{file.Language}";
            _templates[(file.Name, file.Language)] = new Compiled(
                file.Subject is null ? null : Parse(file.Subject, path + " (subject)"),
                Parse(file.Html, path),
                file.Text is null ? null : Parse(file.Text, path + ".txt"));
        }

        errors.AddRange(includes.Where(i => !_partials.ContainsKey(i.Partial))
            .Select(i => $"{i.From}: include \"{i.Partial}\" names no partial (known: {string.Join(", ", _partials.Keys.Order())})."));
        if (errors.Count > 0)
        {
            throw new TemplateCompilationException(errors);
        }
    }

    /// <summary>The names of the registered templates (each in its default language), e.g. for a test that renders them all.</summary>
    public IReadOnlyCollection<string> TemplateNames => [.. _registry.TemplateNames.Order(StringComparer.Ordinal)];

    public bool Exists(string template, string language = TemplateRegistry.DefaultLanguage) => _registry.Find(template, language) is not null;

    public RenderedTemplate Render(string template, object? model, string language = TemplateRegistry.DefaultLanguage) =>
        Render(template, model, new Dictionary<string, object?>(), language);

    public RenderedTemplate Render(string template, object? model, IReadOnlyDictionary<string, object?> globals, string language = TemplateRegistry.DefaultLanguage)
    {
        var file = _registry.Find(template, language)
            ?? throw new KeyNotFoundException($"No template '{template}' ({language}). Known: {string.Join(", ", _registry.TemplateNames.Order())}.");
        var compiled = _templates[(file.Name, file.Language)];
        var html = Run(compiled.Html, model, html: true, globals);
        var subject = compiled.Subject is null ? null : OneLine(Run(compiled.Subject, model, html: false, globals));
        var text = compiled.Text is null ? null : Run(compiled.Text, model, html: false, globals);
        return new RenderedTemplate(subject, html, text);
    }

    public string RenderLayout(string layout, string? title, string bodyHtml) => RenderLayout(layout, title, bodyHtml, null);

    public string RenderLayout(string layout, string? title, string bodyHtml, string? logoDataUri)
    {
        if (!_partials.TryGetValue(layout, out var template))
        {
            throw new KeyNotFoundException($"No layout '{layout}'.");
        }

        return Run(template, new
        {
            title,
            body = new HtmlContent(bodyHtml),
            css = new HtmlContent(SharedLayouts.DocumentCss),
            logo = logoDataUri is null ? null : new HtmlContent(logoDataUri),
        }, html: true);
    }

    /// <summary>Renders a template given as text (HTML escaping); for tests and one-off snippets.</summary>
    internal string RenderInline(string source, object? model)
    {
        var template = Template.Parse(source, "inline");
        if (template.HasErrors)
        {
            throw new TemplateCompilationException([.. template.Messages.Select(m => m.ToString())]);
        }

        return Run(template, model, html: true);
    }

    private string Run(Template template, object? model, bool html, IReadOnlyDictionary<string, object?>? ambient = null)
    {
        var context = new RenderContext(html);
        var globals = new ScriptObject();
        foreach (var (name, value) in ambient ?? new Dictionary<string, object?>())
        {
            globals[name] = value;
        }

        if (model is not null)
        {
            globals.Import(model, renamer: KeepName);
        }

        context.PushGlobal(_functions);
        context.PushGlobal(globals);
        return template.Render(context);
    }

    private static string KeepName(System.Reflection.MemberInfo member) => member.Name;

    private static string OneLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim())).Trim();

    private ScriptObject CreateFunctions()
    {
        var functions = new ScriptObject();
        functions.Import("money", new Func<object?, string, string?>(Money));
        functions.Import("percent", new Func<object?, string?>(Percent));
        functions.Import("date", new Func<object?, string?, string?>(Date));
        functions.Import("datetime", new Func<object?, string?, string?>(DateAndTime));
        functions.Import("raw", new Func<object?, HtmlContent?>(Raw));
        functions.Import("include", new Func<TemplateContext, string, HtmlContent>(Include));
        functions.Import("layout", new Func<string, string?, object?, HtmlContent>(Layout));
        functions.Import("css_string", new Func<object?, HtmlContent>(CssString));
        return functions;
    }

    private static string? Money(object? cents, string currency = "€") => cents is null ? null : FrenchFormat.Money(ToCents(cents), currency);

    private static string? Percent(object? fraction) =>
        fraction is null ? null : FrenchFormat.Percent(Convert.ToDecimal(fraction, CultureInfo.InvariantCulture));

    private string? Date(object? value, string? format = null) => value is null ? null : FormatDate(value, format ?? _options.DateFormat);

    private string? DateAndTime(object? value, string? format = null) => value is null ? null : FormatDate(value, format ?? _options.DateTimeFormat);

    /// <summary>A CSS string literal (quotes included) for generated content, e.g. a page header in <c>@page { @top-left { content: … } }</c>:
    /// every character outside printable ASCII, and <c>" \ &lt; &gt; &amp;</c>, is a CSS escape, so the value can neither end the string
    /// nor the <c>&lt;style&gt;</c> element. Line breaks become spaces.</summary>
    internal static HtmlContent CssString(object? value)
    {
        var text = OneLine(Convert.ToString(value is HtmlContent h ? h.Value : value, CultureInfo.InvariantCulture) ?? string.Empty);
        var css = new System.Text.StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and < 0x7F and not '"' and not '\\' and not '<' and not '>' and not '&')
            {
                css.Append((char)rune.Value);
            }
            else
            {
                css.Append('\\').Append(rune.Value.ToString("X", CultureInfo.InvariantCulture)).Append(' ');
            }
        }

        return new HtmlContent(css.Append('"').ToString());
    }

    private static HtmlContent? Raw(object? value) =>
        value switch { null => null, HtmlContent h => h, _ => new HtmlContent(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty) };

    private HtmlContent Include(TemplateContext context, string name)
    {
        if (!_partials.TryGetValue(name, out var partial))
        {
            throw new ScriptRuntimeException(context.CurrentSpan, $"No partial '{name}'.");
        }

        return new HtmlContent(context.RenderTemplate(partial, new ScriptArray { name }, context.CurrentNode));
    }

    private HtmlContent Layout(string name, string? title, object? body) =>
        new(RenderLayout(name, title, body switch { null => string.Empty, HtmlContent h => h.Value, _ => body.ToString() ?? string.Empty }));

    private static long ToCents(object value) => value switch
    {
        long l => l,
        int i => i,
        decimal d when d == decimal.Truncate(d) => (long)d,
        string s => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        IConvertible c when Convert.ToDecimal(c, CultureInfo.InvariantCulture) is var d && d == decimal.Truncate(d) => (long)d,
        _ => throw new ArgumentException($"money expects integer cents, got '{value}' ({value.GetType().Name})."),
    };

    private string FormatDate(object value, string format) => value switch
    {
        DateOnly d => d.ToString(format, CultureInfo.InvariantCulture),
        DateTimeOffset o => FrenchFormat.DateTime(o, _timeZone, format),
        DateTime { Kind: DateTimeKind.Unspecified } dt => dt.ToString(format, CultureInfo.InvariantCulture),
        DateTime dt => FrenchFormat.DateTime(new DateTimeOffset(dt), _timeZone, format),
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) =>
            d.ToString(format, CultureInfo.InvariantCulture),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var o) =>
            FrenchFormat.DateTime(o, _timeZone, format),
        _ => throw new ArgumentException($"date/datetime expects a DateOnly, DateTime, DateTimeOffset or ISO string, got '{value}'."),
    };

    /// <summary>The characters Handlebars escaped, escaped the same way (the rendered e-mails did not change with the engine).</summary>
    internal static string EscapeHtml(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'`=") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                '`' => "&#x60;",
                '=' => "&#x3D;",
                _ => null,
            } ?? c.ToString());
        }

        return escaped.ToString();
    }

    [GeneratedRegex("""\binclude\s*\(?\s*["'](?<name>[^"']+)["']""")]
    private static partial Regex IncludeCall();

    private sealed record Compiled(Template? Subject, Template Html, Template? Text);

    /// <summary>The rules of our templates on top of Scriban's: escaping, strictness, truthiness, no loop limit.</summary>
    private sealed class RenderContext : TemplateContext
    {
        private readonly bool _html;

        public RenderContext(bool html)
        {
            _html = html;
            MemberRenamer = KeepName;
            StrictVariables = false;
            EnableRelaxedMemberAccess = false;
            LoopLimit = 0;
            RecursiveLimit = 20;
            PushCulture(CultureInfo.InvariantCulture);
        }

        public override TemplateContext Write(SourceSpan span, object? textAsObject)
        {
            switch (textAsObject)
            {
                case null:
                    return this;
                case HtmlContent content:
                    Write(content.Value);
                    return this;
                default:
                    var text = ObjectToString(textAsObject);
                    if (text is not null)
                    {
                        Write(_html ? EscapeHtml(text) : text);
                    }

                    return this;
            }
        }

        public override bool ToBool(SourceSpan span, object? value) => value switch
        {
            null => false,
            bool b => b,
            string s => s.Length > 0,
            HtmlContent h => h.Value.Length > 0,
            int i => i != 0,
            long l => l != 0,
            decimal d => d != 0,
            double d => d != 0,
            IEnumerable e => e.GetEnumerator().MoveNext(),
            _ => base.ToBool(span, value),
        };
    }
}

/// <summary>Text that is already HTML: written as it is in an HTML body (what <c>raw</c>, <c>include</c> and <c>layout</c> return).</summary>
public sealed record HtmlContent(string Value)
{
    public override string ToString() => Value;
}

/// <summary>The templates could not all be compiled; <see cref="Errors"/> lists every problem (file, line, column).</summary>
public sealed class TemplateCompilationException(IReadOnlyList<string> errors)
    : Exception("Template errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
