using Microsoft.Extensions.Configuration;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Host.Tests.Marina;

/// <summary>Issue 10 item 4 for Marina: its links come from the platform's one <c>Portal:BaseUrl</c>; the legacy <c>Marina:PortalUrl</c>
/// still works alone (with a start-up warning) and is ignored once <c>Portal:BaseUrl</c> is set.</summary>
public sealed class MarinaPortalSettingsTests
{
    private static MarinaOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = new MarinaOptions();
        configuration.GetSection("Marina").Bind(options);
        return options.ResolvePortal(configuration);
    }

    [Fact]
    public void Portal_base_url_decides_the_links_even_when_the_legacy_setting_is_there()
    {
        var options = Resolve(("Portal:BaseUrl", "https://{office}.portail.example.fr/"), ("Marina:PortalUrl", "https://old.example.fr"));
        options.PortalLink("port-a", "/contrats/c1").Should().Be("https://port-a.portail.example.fr/contrats/c1");
        options.LegacyPortalUrlUsed.Should().BeFalse();
    }

    [Fact]
    public void The_legacy_setting_alone_still_decides_the_links_and_is_flagged_for_the_warning()
    {
        var options = Resolve(("Marina:PortalUrl", "https://old.example.fr/"), ("Portal:Offices:port-b", "https://port-b.example.fr"));
        options.PortalLink("port-a", "/contrats/c1").Should().Be("https://old.example.fr/contrats/c1");
        options.PortalLink("port-b", "/contrats/c1").Should().Be("https://port-b.example.fr/contrats/c1", "an office's own address still wins");
        options.LegacyPortalUrlUsed.Should().BeTrue();
    }

    [Fact]
    public void A_relative_legacy_url_stops_the_host_at_start_naming_the_setting()
    {
        var act = () => Resolve(("Marina:PortalUrl", "/portail"));
        act.Should().Throw<InvalidOperationException>().WithMessage("*Marina:PortalUrl*");
    }
}
