using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Subscriptions;

namespace Monolith.Modules.Subscriptions.Notifications;

/// <summary>Sends the module's French e-mails from its events, each once per business key (at-least-once delivery of events, at most
/// one e-mail per key from the <see cref="INotifier"/>):
/// <list type="table">
/// <item><term>subscription-activated</term><description>manager: confirmation, payment deadline, link to set their password —
/// <c>subscriptions/{id}/activated</c></description></item>
/// <item><term>user-added</term><description>the user: credentials link and subscriber number — <c>subscriptions/{id}/welcome/{event id}</c>;
/// nothing when the user is the manager (their activation e-mail already holds their link)</description></item>
/// <item><term>renewal-notice-issued</term><description>step 1 (reminder): manager and users — <c>subscriptions/{id}/period-{p}/notice-1/{account}</c>;
/// steps 2..4 (relaunches 1..3): manager — <c>subscriptions/{id}/period-{p}/notice-{k}/{account}</c></description></item>
/// <item><term>subscription-renewed</term><description>manager — <c>subscriptions/{id}/period-{p}/renewed</c></description></item>
/// <item><term>subscription-cancelled / renewal-cancelled</term><description>manager — <c>subscriptions/{id}/cancelled</c>,
/// <c>subscriptions/{id}/period-{p}/renewal-cancelled</c></description></item>
/// <item><term>subscription-expired</term><description>manager and users: satisfaction questionnaire — <c>subscriptions/{id}/questionnaire/{account}</c></description></item>
/// </list></summary>
internal sealed class SubscriptionEmailsReactor : IReactor
{
    public string Name => "subscriptions.emails";

    public bool Handles(string eventType) => eventType is "subscriptions.subscription-activated" or "subscriptions.user-added"
        or "subscriptions.renewal-notice-issued" or "subscriptions.subscription-renewed" or "subscriptions.subscription-cancelled"
        or "subscriptions.renewal-cancelled" or "subscriptions.subscription-expired";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        var decoded = await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct);
        if (decoded is not SubscriptionEvent @event)
        {
            return;
        }

        var tenant = e.Metadata.TenantId;
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var state = (await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(@event.SubscriptionId), tenant, ct: ct)).State;
        if (!state.Exists || state.Manager is null)
        {
            return;
        }

        var mail = new Mailer(scopedServices, tenant, state);
        await mail.InitAsync(ct);
        var id = state.SubscriptionId;
        switch (@event)
        {
            case SubscriptionActivated:
                await mail.SendAsync($"subscriptions/{id}/activated", "subscriptions.activated", state.Manager, withInvitation: true, ct: ct);
                break;
            case UserAdded u when u.AccountId == state.Manager.AccountId:
                // One e-mail per person per event: a manager who is also a user has their activation e-mail (one set-password link, the
                // users' numbers listed) or added themselves from their account; a welcome would bring a second link.
                break;
            case UserAdded u:
                await mail.SendAsync(
                    $"subscriptions/{id}/welcome/{e.EventId:N}", "subscriptions.welcome-user", new Person(u.AccountId, u.Name, u.Email), withInvitation: true,
                    extra: new { subscriberNumber = u.SubscriberNumber, from = u.From }, ct: ct);
                break;
            case RenewalNoticeIssued { Step: 1 } n:
                foreach (var person in Recipients(state))
                {
                    await mail.SendAsync($"subscriptions/{id}/period-{n.Period}/notice-1/{person.AccountId}", "subscriptions.renewal-reminder", person,
                        extra: new { periodEnd = n.PeriodEnd, isManager = person.AccountId == state.Manager.AccountId }, ct: ct);
                }

                break;
            case RenewalNoticeIssued n:
                await mail.SendAsync($"subscriptions/{id}/period-{n.Period}/notice-{n.Step}/{state.Manager.AccountId}", "subscriptions.renewal-relaunch", state.Manager,
                    extra: new { periodEnd = n.PeriodEnd, relaunch = n.Step - 1, maxRelaunches = Math.Max(0, (state.LastPeriod?.NoticeDays.Count ?? 1) - 1) }, ct: ct);
                break;
            case SubscriptionRenewed r:
                await mail.SendAsync($"subscriptions/{id}/period-{r.Period}/renewed", "subscriptions.renewed", state.Manager,
                    extra: new { start = r.StartDate, end = r.EndDate, paymentDueBy = r.PaymentDueBy, priceTtc = r.PriceTtc }, ct: ct);
                break;
            case SubscriptionCancelled c:
                await mail.SendAsync($"subscriptions/{id}/cancelled", "subscriptions.cancelled", state.Manager, extra: new { on = c.On }, ct: ct);
                break;
            case RenewalCancelled c:
                await mail.SendAsync($"subscriptions/{id}/period-{c.Period}/renewal-cancelled", "subscriptions.renewal-cancelled", state.Manager,
                    extra: new { on = c.On, endDate = state.EndDate }, ct: ct);
                break;
            case SubscriptionExpired x:
                foreach (var person in Recipients(state))
                {
                    await mail.SendAsync($"subscriptions/{id}/questionnaire/{person.AccountId}", "subscriptions.questionnaire", person,
                        extra: new { endDate = x.EndDate }, ct: ct);
                }

                break;
        }
    }

    /// <summary>The manager, then each current user (once per account: a manager who is also a user gets one e-mail).</summary>
    internal static IEnumerable<Person> Recipients(SubscriptionState state) =>
        new[] { state.Manager! }.Concat(state.Users.Select(u => new Person(u.AccountId, u.Name, u.Email))).DistinctBy(p => p.AccountId);

    private sealed class Mailer(IServiceProvider services, string tenant, SubscriptionState state)
    {
        private readonly INotifier _notifier = services.GetRequiredService<INotifier>();
        private readonly IEventStore _store = services.GetRequiredService<IEventStore>();
        private readonly PortalUrls _portal = services.GetRequiredService<PortalUrls>();
        private string _officeName = string.Empty;
        private SubscriptionSettings _settings = SubscriptionSettings.Default;

        public async Task InitAsync(CancellationToken ct)
        {
            var offices = services.GetRequiredService<IOfficeDirectory>();
            var office = await offices.GetOfficeAsync(tenant, ct);
            _officeName = office?.Name ?? tenant;
            var today = OfficeCalendar.DateOf(services.GetRequiredService<TimeProvider>().GetUtcNow(), state.TimeZone);
            _settings = await SubscriptionSettings.ForOfficeAsync(offices, tenant, today, ct);
        }

        public async Task SendAsync(string key, string template, Person to, bool withInvitation = false, object? extra = null, CancellationToken ct = default)
        {
            // Already sent (a replayed event): don't issue a fresh invitation for nothing.
            var sent = await _store.ReadStreamAsync(Notifier.StreamIdFor(tenant, key), ReadDirection.Backwards, maxCount: 1, ct: ct);
            if (sent is [{ Type: NotificationEvents.EmailSent }])
            {
                return;
            }

            string? link = null;
            if (withInvitation)
            {
                var account = await services.GetRequiredService<ICustomerAccounts>().CreateOrInviteAsync(
                    new NewCustomerAccount(tenant, to.AccountId, to.AccountId == state.Manager!.AccountId ? state.CustomerId! : to.AccountId, to.Email, to.Name, "subscriptions"),
                    ct);
                link = _portal.Link(tenant, $"/invitation?office={Uri.EscapeDataString(tenant)}&token={Uri.EscapeDataString(account.InvitationToken)}");
            }

            var period = state.LastPeriod;
            var model = new
            {
                office = _officeName,
                name = to.Name,
                organisation = state.Organisation!.Name,
                offer = state.Offer!.OfferName,
                maxUsers = state.Offer.MaxUsers,
                start = period?.Start,
                end = period?.End,
                paymentDueBy = period?.PaymentDueBy,
                priceTtc = period?.PriceTtc,
                manager = state.Manager!.Name,
                users = state.Users.Select(u => new { name = u.Name, subscriberNumber = u.SubscriberNumber }).ToList(),
                invitationLink = link,
                questionnaireUrl = _settings.QuestionnaireUrl,
                portalUrl = _portal.For(tenant),
                extra,
            };
            await _notifier.SendAsync(new NotificationRequest(tenant, key, template, model, [to.Email]), ct);
        }
    }
}
