using System.Collections.Concurrent;
using System.Globalization;
using HandlebarsDotNet;

namespace Monolith.BuildingBlocks.Templates;

/// <summary><see cref="ITemplateRenderer"/> over Handlebars.Net. Two environments share helpers and partials: HTML (values escaped,
/// the default) and text (no escaping, for subjects and plain-text bodies). Compiled templates are cached.</summary>
/// <remarks>Helpers: <c>{{money cents}}</c> → <c>1 698,00 €</c>; <c>{{date d}}</c> → <c>19/12/2016</c> (DateOnly, DateTime,
/// DateTimeOffset in the configured zone, ISO string); <c>{{datetime at}}</c> → <c>19-12-2016 à 11:55</c>, or
/// <c>{{datetime at "dd/MM/yyyy HH:mm"}}</c>; <c>{{percent 0.2}}</c> → <c>20 %</c> (the argument is a fraction).</remarks>
internal sealed class HandlebarsTemplateRenderer : ITemplateRenderer
{
    private readonly TemplateRegistry _registry;
    private readonly TemplateOptions _options;
    private readonly TimeZoneInfo _timeZone;
    private readonly IHandlebars _html;
    private readonly IHandlebars _text;
    private readonly ConcurrentDictionary<(string Key, bool Text), HandlebarsTemplate<object, object>> _compiled = new();

    public HandlebarsTemplateRenderer(IEnumerable<TemplateSource> sources, TemplateOptions options)
    {
        _registry = new TemplateRegistry(sources);
        _options = options;
        _timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId);
        _html = CreateEnvironment(noEscape: false);
        _text = CreateEnvironment(noEscape: true);
    }

    public bool Exists(string template, string language = TemplateRegistry.DefaultLanguage) => _registry.Find(template, language) is not null;

    public RenderedTemplate Render(string template, object? model, string language = TemplateRegistry.DefaultLanguage)
    {
        var file = _registry.Find(template, language)
            ?? throw new KeyNotFoundException($"No template '{template}' ({language}). Known: {string.Join(", ", _registry.TemplateNames.Order())}.");
        var html = Compile($"{file.Name}.{file.Language}.html", file.Html, text: false)(model ?? new object());
        var subject = file.Subject is null ? null : OneLine(Compile($"{file.Name}.{file.Language}.subject", file.Subject, text: true)(model ?? new object()));
        var text = file.Text is null ? null : Compile($"{file.Name}.{file.Language}.txt", file.Text, text: true)(model ?? new object());
        return new RenderedTemplate(subject, html, text);
    }

    public string RenderLayout(string layout, string? title, string bodyHtml) =>
        Compile($"layout:{layout}", "{{> " + layout + "}}", text: false)(new { title, body = bodyHtml, css = SharedLayouts.DocumentCss });

    /// <summary>Renders a template given as text (HTML environment); for tests and one-off snippets.</summary>
    internal string RenderInline(string source, object? model) => Compile($"inline:{source}", source, text: false)(model ?? new object());

    private HandlebarsTemplate<object, object> Compile(string key, string source, bool text) =>
        _compiled.GetOrAdd((key, text), _ => (text ? _text : _html).Compile(source));

    private static string OneLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim())).Trim();

    private IHandlebars CreateEnvironment(bool noEscape)
    {
        var environment = Handlebars.Create(new HandlebarsConfiguration
        {
            NoEscape = noEscape,
            FormatProvider = CultureInfo.InvariantCulture,
        });

        environment.RegisterTemplate(SharedLayouts.Email, SharedLayouts.EmailLayout);
        environment.RegisterTemplate(SharedLayouts.Document, SharedLayouts.DocumentLayout);
        foreach (var (name, content) in _registry.Partials)
        {
            environment.RegisterTemplate(name, content);
        }

        // The formatted values contain only digits, separators, symbols and the format's literals: written as they are.
        environment.RegisterHelper("money", (EncodedTextWriter output, Context _, Arguments args) =>
        {
            if (Arg(args, 0) is { } value)
            {
                output.WriteSafeString(FrenchFormat.Money(ToCents(value), Arg(args, 1) as string ?? "€"));
            }
        });
        environment.RegisterHelper("percent", (EncodedTextWriter output, Context _, Arguments args) =>
        {
            if (Arg(args, 0) is { } value)
            {
                output.WriteSafeString(FrenchFormat.Percent(Convert.ToDecimal(value, CultureInfo.InvariantCulture)));
            }
        });
        environment.RegisterHelper("date", (EncodedTextWriter output, Context _, Arguments args) =>
        {
            if (Arg(args, 0) is { } value)
            {
                output.WriteSafeString(FormatDate(value, Arg(args, 1) as string ?? _options.DateFormat));
            }
        });
        environment.RegisterHelper("datetime", (EncodedTextWriter output, Context _, Arguments args) =>
        {
            if (Arg(args, 0) is { } value)
            {
                output.WriteSafeString(FormatDate(value, Arg(args, 1) as string ?? _options.DateTimeFormat));
            }
        });
        return environment;
    }

    private static object? Arg(Arguments args, int index)
    {
        if (index >= args.Length)
        {
            return null;
        }

        var value = args[index];
        return value is null || value is UndefinedBindingResult ? null : value;
    }

    private static long ToCents(object value) => value switch
    {
        long l => l,
        int i => i,
        decimal d when d == decimal.Truncate(d) => (long)d,
        string s => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        IConvertible c when Convert.ToDecimal(c, CultureInfo.InvariantCulture) is var d && d == decimal.Truncate(d) => (long)d,
        _ => throw new HandlebarsRuntimeException($"money expects integer cents, got '{value}' ({value.GetType().Name})."),
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
        _ => throw new HandlebarsRuntimeException($"date/datetime expects a DateOnly, DateTime, DateTimeOffset or ISO string, got '{value}'."),
    };
}
