using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monolith.BuildingBlocks.Tenancy;

/// <summary>The customer portal's base URL of each office, for the links e-mails carry (they are read in a mail client, so every link is
/// absolute). Configuration section <c>Portal</c>: <c>BaseUrl</c> for every office (it may hold <c>{office}</c>, replaced by the office
/// id, e.g. <c>https://{office}.portail.example.fr</c>) and <c>Offices:&lt;officeId&gt;</c> for an office with its own address. Every
/// value must be an absolute http(s) URL: it is checked when the host starts, which fails with the offending key otherwise.</summary>
public sealed class PortalUrls
{
    public const string Section = "Portal";
    public const string DefaultBaseUrl = "https://portail.example.test";

    private readonly string _baseUrl;
    private readonly Dictionary<string, string> _offices;

    public PortalUrls(string baseUrl, IReadOnlyDictionary<string, string>? offices = null)
    {
        _baseUrl = Check($"{Section}:BaseUrl", baseUrl);
        _offices = (offices ?? new Dictionary<string, string>()).ToDictionary(
            o => o.Key, o => Check($"{Section}:Offices:{o.Key}", o.Value), StringComparer.Ordinal);
    }

    public static PortalUrls From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var offices = section.GetSection("Offices").GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);
        return new PortalUrls(section["BaseUrl"] ?? DefaultBaseUrl, offices);
    }

    /// <summary>The portal's base URL of the office, without a trailing slash.</summary>
    public string For(string officeId) =>
        _offices.TryGetValue(officeId, out var own) ? own : _baseUrl.Replace("{office}", Uri.EscapeDataString(officeId), StringComparison.Ordinal);

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> (starting with '/') on the office's portal.</summary>
    public string Link(string officeId, string pathAndQuery) => For(officeId) + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);

    private static string Check(string key, string value)
    {
        var trimmed = value.Trim().TrimEnd('/');
        var probe = trimmed.Replace("{office}", "office", StringComparison.Ordinal);
        return Uri.TryCreate(probe, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && !string.IsNullOrEmpty(uri.Host)
            ? trimmed
            : throw new InvalidOperationException(
                $"Configuration '{key}' must be the absolute http(s) URL of the customer portal (links in e-mails must be absolute); got '{value}'.");
    }
}

public static class PortalUrlsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="PortalUrls"/> once (modules that write links call it), reading and checking the configuration now,
    /// at start.</summary>
    public static IServiceCollection AddPortalUrls(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(s => s.ServiceType == typeof(PortalUrls)))
        {
            services.TryAddSingleton(PortalUrls.From(configuration));
        }

        return services;
    }
}
