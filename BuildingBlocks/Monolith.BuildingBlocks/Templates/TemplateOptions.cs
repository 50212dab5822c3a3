namespace Monolith.BuildingBlocks.Templates;

/// <summary>Configuration section <c>Templates</c>.</summary>
public sealed class TemplateOptions
{
    public const string SectionName = "Templates";

    /// <summary>Instants (<see cref="DateTimeOffset"/>) are shown in this zone by <c>date</c> and <c>datetime</c>.</summary>
    public string TimeZoneId { get; set; } = "Europe/Paris";

    public string DateFormat { get; set; } = FrenchFormat.DefaultDateFormat;

    /// <summary>Default <c>datetime</c> format; a template can pass its own: <c>{{datetime at "dd/MM/yyyy HH'h'mm"}}</c>.</summary>
    public string DateTimeFormat { get; set; } = FrenchFormat.DefaultDateTimeFormat;
}
