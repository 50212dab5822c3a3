using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Subscriptions.Jobs;
using Monolith.Testing;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>The real host (Offices + Subscriptions) on a temporary data folder, with a clock the test moves and the scheduler not
/// started; billing is the real module: the test runs the jobs itself with <see cref="JobRunner"/>, as often as it likes.</summary>
public sealed class SubscriptionsApp : TempHostApp
{

    public SubscriptionsApp(DateTimeOffset start)
        : base("subscriptions") => Clock = new SettableClock(start);

    public SettableClock Clock { get; }

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Scheduler:AutoStart", "false");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<(HttpClient Admin, string OfficeId)> NewOfficeAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var (officeId, _) = await ProvisionOfficeAsync("os");
        var admin = await SignInAsync(officeId, AdminEmail(officeId), Password);
        var legal = await admin.PutAsJsonIfMatchAsync("/api/office/legal-identity", new
        {
            legalName = "Office de tourisme " + officeId,
            legalForm = "EPIC",
            siren = "732829320",
            vatNumber = "FR44732829320",
            address = new { street = "1 quai du Port", postalCode = "14000", city = "Caen" },
        });
        legal.EnsureSuccessStatusCode();
        if (settings is not null)
        {
            var terms = await admin.PostAsJsonAsync("/api/office/terms-of-sale", new
            {
                title = "CGV abonnements",
                text = "Conditions générales",
                settings,
                effectiveFrom = "2020-01-01",
            });
            terms.EnsureSuccessStatusCode();
        }

        return (admin, officeId);
    }

    public async Task<string> CreateOfferAsync(HttpClient admin, int maxUsers, long priceTtc = 60000)
    {
        var response = await admin.PostAsJsonAsync("/api/subscriptions/offers", new { name = $"Cap Plus {maxUsers}", maxUsers, priceTtc, vatRate = new { basisPoints = 2000 } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("offerId").GetString()!;
    }

    public static object SubscribeBody(string offerId, string officeId, int users, string managerEmail = "marie.gestion@ville.test") => new
    {
        offerId,
        organisation = new { name = "Ville de Caen", street = "1 place de l'Hôtel de ville", postalCode = "14000", city = "Caen" },
        manager = new { name = "Marie Gestion", email = managerEmail },
        users = Enumerable.Range(1, users).Select(i => new { name = $"Utilisateur {i}", email = $"user{i}.{officeId}@ville.test" }).ToArray(),
    };

    /// <summary>Subscribes online (anonymous) and returns the subscription as JSON.</summary>
    public async Task<JsonElement> SubscribeAsync(string officeId, string offerId, int users)
    {
        var response = await CreateClient().PostAsJsonAsync($"/api/public/offices/{officeId}/subscriptions", SubscribeBody(offerId, officeId, users));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        await CatchUpAsync();
        return json;
    }

    /// <summary>Waits until projections and reactors (e-mails, invoices) have handled everything in the log.</summary>
    public override async Task CatchUpAsync()
    {
        var admin = Services.GetRequiredService<IProjectionAdmin>();
        (await admin.WaitForCatchUpAsync(TimeSpan.FromSeconds(30), includeReactors: true)).Should().BeTrue("projections and reactors should catch up");
        (await admin.GetDeadLettersAsync()).Should().BeEmpty("no event should be parked");
    }

    /// <summary>One daily run of the module's jobs, as the scheduler would fire them, then waits for their effects.</summary>
    public async Task RunDailyJobsAsync(int fires = 1)
    {
        var runner = Services.GetRequiredService<JobRunner>();
        for (var i = 0; i < fires; i++)
        {
            await runner.RunAsync<ExpiryJob>();
            await runner.RunAsync<PaymentDeadlineJob>();
            await runner.RunAsync<RenewalNoticeJob>();
        }

        await CatchUpAsync();
    }

    /// <summary>Records in billing a cheque paying the invoice in full.</summary>
    public async Task PayAsync(string officeId, string customerId, string invoiceId, long amount, DateOnly receivedOn) =>
        await Get<IBillingService>().RecordPaymentAsync(officeId, new RecordPaymentRequest(
            $"pay-{invoiceId}", customerId, new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0001234", Bank: "Crédit Agricole"), amount, receivedOn,
            [new PaymentAllocationRequest(invoiceId, amount)]));
}

/// <summary>A clock the test sets.</summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset value) => Interlocked.Exchange(ref _ticks, value.UtcTicks);

    /// <summary>Sets the clock to 08:00 Paris time on <paramref name="day"/>.</summary>
    public void SetParisMorning(DateOnly day)
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = day.ToDateTime(new TimeOnly(8, 0));
        Set(new DateTimeOffset(local, paris.GetUtcOffset(local)));
    }
}
