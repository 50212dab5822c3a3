using System.Reflection;

namespace Monolith.BuildingBlocks.Templates;

/// <summary>Where a module's templates are: embedded resources of <paramref name="Assembly"/> whose manifest name starts with
/// <paramref name="ResourcePrefix"/> and ends with <c>.sbn</c>. Registered by <c>m.Templates(...)</c>.</summary>
public sealed record TemplateSource(string ModuleName, Assembly Assembly, string ResourcePrefix);
