using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Offices.Offices.Provisioning;
using Monolith.Modules.Offices.Users;
using Xunit;

namespace Monolith.Host.Tests.Offices;

/// <summary>The newcomer path: the demo office created on first start is ready to invoice, and a lost admin password can be reset.</summary>
public sealed class DemoOfficeTests : IClassFixture<DemoOfficeTests.DemoApp>
{
    internal const string FirstPassword = "Demo password 2026!";
    private readonly DemoApp _app;

    public DemoOfficeTests(DemoApp app) => _app = app;

    [Fact]
    public async Task The_demo_office_has_a_valid_legal_identity_an_accountant_and_terms_of_sale()
    {
        var admin = await _app.SignInAsync("demo", DemoOfficeBootstrap.AdminEmail, FirstPassword);

        var office = await admin.GetFromJsonAsync<JsonElement>("/api/office");
        office.GetProperty("legal").GetProperty("siren").GetString().Should().Be("732829320");
        office.GetProperty("termsVersion").GetInt32().Should().Be(1);
        var staff = await admin.GetFromJsonAsync<JsonElement>("/api/office/users");
        staff.GetProperty("items").EnumerateArray().Select(u => (u.GetProperty("email").GetString(), u.GetProperty("roles")[0].GetString()))
            .Should().Contain((DemoOfficeBootstrap.AccountantEmail, "accountant"));
    }

    public sealed class DemoApp : TempHostApp
    {
        public DemoApp()
            : base("demo")
        {
        }

        protected override void ConfigureHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Bootstrap:DemoOffice", "true");
            builder.UseSetting("Bootstrap:AdminPassword", FirstPassword);
        }
    }
}

/// <summary>A newcomer who lost the credentials printed on first start resets the first administrator's password from the command line.</summary>
public sealed partial class ResetAdminPasswordTests : IClassFixture<DemoOfficeTests.DemoApp>
{
    private const string FirstPassword = DemoOfficeTests.FirstPassword;
    private readonly DemoOfficeTests.DemoApp _app;

    public ResetAdminPasswordTests(DemoOfficeTests.DemoApp app) => _app = app;

    [Fact]
    public async Task Reset_admin_password_prints_a_new_password_that_signs_in_and_the_old_one_stops_working()
    {
        await _app.SignInAsync("demo", DemoOfficeBootstrap.AdminEmail, FirstPassword);
        var output = new StringWriter();
        var command = new ResetAdminPasswordCommand(_app.Get<CommandHandler>(), _app.Get<UserService>()) { Output = output };

        (await command.RunAsync([], CancellationToken.None)).Should().Be(0);

        var password = PasswordLine().Match(output.ToString()).Groups[1].Value;
        password.Should().HaveLength(16);
        var client = _app.CreateClient();
        var login = await TempHostApp.EventuallyAsync(
            () => client.PostAsJsonAsync("/api/auth/login", new { tenant = "demo", email = DemoOfficeBootstrap.AdminEmail, password }),
            r => r.StatusCode == HttpStatusCode.OK,
            "the user directory applies the new password hash");
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/auth/login", new { tenant = "demo", email = DemoOfficeBootstrap.AdminEmail, password = FirstPassword }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await new ResetAdminPasswordCommand(_app.Get<CommandHandler>(), _app.Get<UserService>()) { Output = TextWriter.Null }
            .RunAsync(["no-such-office"], CancellationToken.None)).Should().Be(1);
    }

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex PasswordLine();
}
