using System.Net;
using Monolith.Host.Tests.Offices;

namespace Monolith.Host.Tests.Security;

/// <summary>Low findings: security headers on every answer (a CSP on HTML pages), problem details that never name internal stream ids.</summary>
public sealed class SecurityHeadersTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    [Fact]
    public async Task Api_answers_carry_the_security_headers()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        foreach (var response in new[] { await admin.GetAsync("/api/office"), await app.CreateClient().GetAsync("/api/office") })
        {
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
            response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'");
        }
    }

    [Fact]
    public async Task Html_pages_get_a_content_security_policy()
    {
        var response = await app.CreateClient().GetAsync("/docs/index.html");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'").And.Contain("base-uri 'none'");
    }

    [Fact]
    public async Task A_missing_resource_is_404_without_naming_the_internal_stream()
    {
        var (admin, _, _) = await app.NewOfficeAsync();
        var member = await admin.GetAsync("/api/membership/members/nobody");
        member.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var detail = await member.Content.ReadAsStringAsync();
        detail.Should().NotContain("membership-member").And.NotContain("nobody'");
    }
}
