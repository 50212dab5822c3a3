using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Jobs;

namespace Monolith.Host.Tests.Http;

/// <summary>The Hangfire Dashboard and the job admin endpoints, by role: operators do everything, office administrators read the
/// schedule only, customers and staff are refused.</summary>
public sealed class JobDashboardTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private const string Dashboard = JobDashboard.Path;

    private Task<HttpClient> OperatorAsync() => app.ClientAsync("ot-a", "office-admin", "platform-operator");

    private Task<HttpClient> OfficeAdminAsync() => app.ClientAsync("ot-a", "office-admin");

    [Fact]
    public async Task An_operator_gets_the_dashboard_and_the_runs_pages()
    {
        var client = await OperatorAsync();

        var home = await client.GetAsync(Dashboard);
        var recurring = await client.GetStringAsync(Dashboard + "/recurring");
        var failed = await client.GetAsync(Dashboard + "/jobs/failed");

        home.StatusCode.Should().Be(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync()).Should().Contain("Tâches planifiées");
        recurring.Should().Contain("billing.DunningJob").And.Contain("subscriptions.RenewalNoticeJob").And.Contain("Europe/Paris");
        recurring.Should().Contain("js-jobs-list-command", "an operator can trigger from the dashboard");
        failed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_office_admin_reads_the_schedule_without_commands()
    {
        var client = await OfficeAdminAsync();

        var recurring = await client.GetAsync(Dashboard + "/recurring");

        recurring.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await recurring.Content.ReadAsStringAsync();
        html.Should().Contain("billing.DunningJob");
        html.Should().NotContain("js-jobs-list-command", "read-only: no trigger or delete buttons");
    }

    [Theory]
    [InlineData("/jobs/failed")]
    [InlineData("/jobs/succeeded")]
    [InlineData("/jobs/details/1")]
    [InlineData("/retries")]
    public async Task An_office_admin_does_not_see_runs_which_span_every_office(string page)
    {
        var client = await OfficeAdminAsync();

        var response = await client.GetAsync(Dashboard + page);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_office_admin_cannot_trigger_from_the_dashboard()
    {
        var client = await OfficeAdminAsync();

        var response = await client.PostAsync(Dashboard + "/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "billing.DunningJob")]));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("office-staff")]
    public async Task Others_get_403_on_the_dashboard(string role)
    {
        var client = await app.ClientAsync("ot-a", role);

        (await client.GetAsync(Dashboard)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync(Dashboard + "/recurring")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_token_the_dashboard_answers_401()
    {
        var response = await app.CreateClient().GetAsync(Dashboard);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_trigger_endpoint_answers_with_a_run_resource_that_reaches_succeeded()
    {
        var client = await OperatorAsync();

        var response = await client.PostAsync("/api/admin/jobs/billing.DunningJob/trigger", null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("jobName").GetString().Should().Be("billing.DunningJob");
        var location = response.Headers.Location!.ToString();
        location.Should().Be($"/api/admin/jobs/runs/{run.GetProperty("runId").GetString()}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state;
        do
        {
            await Task.Delay(250);
            state = (await client.GetFromJsonAsync<JsonElement>(location)).GetProperty("state").GetString();
        }
        while (state != "Succeeded" && DateTime.UtcNow < deadline);

        state.Should().Be("Succeeded");
    }

    [Fact]
    public async Task An_office_admin_lists_the_jobs_but_cannot_trigger_them()
    {
        var client = await OfficeAdminAsync();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/admin/jobs");
        var trigger = await client.PostAsync("/api/admin/jobs/billing.DunningJob/trigger", null);

        list.EnumerateArray().Select(j => j.GetProperty("jobName").GetString()).Should().Contain("billing.DunningJob");
        list.EnumerateArray().Should().OnlyContain(j => j.GetProperty("timeZoneId").GetString() == "Europe/Paris");
        trigger.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_problem_in_French()
    {
        var client = await OperatorAsync();

        var response = await client.PostAsync("/api/admin/jobs/billing.Nope/trigger", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Be("Aucune tâche planifiée ne s'appelle « billing.Nope ».");
    }
}
