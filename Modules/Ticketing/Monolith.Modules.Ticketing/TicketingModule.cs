using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Ticketing.Admissions;
using Monolith.Modules.Ticketing.Admissions.Scanning;
using Monolith.Modules.Ticketing.Buyers;
using Monolith.Modules.Ticketing.Contracts;
using Monolith.Modules.Ticketing.Numbering;
using Monolith.Modules.Ticketing.Orders;
using Monolith.Modules.Ticketing.Orders.Details;
using Monolith.Modules.Ticketing.Orders.Invoicing;
using Monolith.Modules.Ticketing.Orders.Paying;
using Monolith.Modules.Ticketing.Orders.Placing;
using Monolith.Modules.Ticketing.Orders.Refunding;
using Monolith.Modules.Ticketing.Sessions;
using Monolith.Modules.Ticketing.Sessions.Availability;
using Monolith.Modules.Ticketing.Sessions.Cancelling;
using Monolith.Modules.Ticketing.Sessions.Expiring;
using Monolith.Modules.Ticketing.Sessions.Holding;
using Monolith.Modules.Ticketing.Sessions.Scheduling;
using Monolith.Modules.Ticketing.Shows;
using Monolith.Modules.Ticketing.Shows.Catalogue;
using Monolith.Modules.Ticketing.Shows.Creating;
using Monolith.Modules.Ticketing.Statements;
using Monolith.Modules.Ticketing.Tickets;

namespace Monolith.Modules.Ticketing;

/// <summary>Ticketing (SPEC §5, Zonza "Billetterie"): shows and leisure activities, sessions with capacity and seating, holds with
/// expiry on a per-session stream (no oversell, flash-sale safe), orders, per-person limits across orders, invoices through billing,
/// tickets with the legal per-category numbering and signed QR codes, entry control, daily box-office statement. See
/// docs/modules/ticketing.md.</summary>
public sealed class TicketingModule : IModule
{
    public string Name => "ticketing";

    public void Configure(ModuleBuilder m)
    {
        m.Events(Show.EventNames);
        m.Events(Session.EventNames);
        m.Events(BuyerLedger.EventNames);
        m.Events(PaymentReferences.EventNames);
        m.Events(Orders.Exceptions.ExceptionalRequests.EventNames);
        m.Events(TicketOrder.EventNames);
        m.Events(TicketSeries.EventNames);
        m.Events(Admission.EventNames);
        m.Events(DailyStatement.EventNames);
        m.Publishes(TicketingFacts.All);
        m.Migrations(typeof(TicketingModule).Assembly, "Monolith.Modules.Ticketing.Sql").PortableReadModels();
        m.Templates(typeof(TicketingModule).Assembly);
        m.Projection<ShowCatalogueProjection>();
        m.Projection<SessionsProjection>();
        m.Projection<OrdersProjection>();
        m.Projection<Lists.TicketingListSearchProjection>();
        m.Reactor<InvoiceOnOrderPlaced>();
        m.Reactor<IssueTicketsOnPaid>();
        m.React<InvoiceSettled, MarkPaidOnInvoiceSettled>();
        m.Reactor<SendTicketsOnIssued>();
        m.Reactor<RefundOnSessionCancelled>();
        m.Reactor<Orders.Postponing.SendPostponementOffer>();
        m.Validator<CreateShowEndpoint.CreateShowRequest, CreateShowEndpoint.Validator>();
        m.Validator<ScheduleSessionEndpoint.ScheduleSessionRequest, ScheduleSessionEndpoint.Validator>();
        m.Validator<HoldSeatsEndpoint.HoldRequest, HoldSeatsEndpoint.Validator>();
        m.Validator<PlaceOrderEndpoint.PlaceOrderRequest, PlaceOrderEndpoint.Validator>();
        m.Validator<RecordCounterPayment.CounterPaymentRequest, RecordCounterPayment.Validator>();
        m.Validator<PayByCard.StartRequest, PayByCard.Validator>();
        m.Validator<CancelSessionEndpoint.CancelSessionRequest, CancelSessionEndpoint.Validator>();
        m.Validator<PostponeSessionEndpoint.PostponeSessionRequest, PostponeSessionEndpoint.Validator>();
        m.Validator<Orders.Postponing.AnswerPostponement.PostponementAnswer, Orders.Postponing.AnswerPostponement.Validator>();
        m.Validator<Orders.Exceptions.RecordExceptionalRequestEndpoint.ExceptionalRequestBody, Orders.Exceptions.RecordExceptionalRequestEndpoint.Validator>();
        m.Validator<Orders.Exceptions.DecideExceptionalRequestEndpoint.ApprovalRequest, Orders.Exceptions.DecideExceptionalRequestEndpoint.ApprovalValidator>();
        m.Validator<Orders.Exceptions.DecideExceptionalRequestEndpoint.RejectionRequest, Orders.Exceptions.DecideExceptionalRequestEndpoint.RejectionValidator>();
        m.Validator<Tickets.TransferTicketEndpoint.TransferRequest, Tickets.TransferTicketEndpoint.Validator>();
        m.Validator<ScanTicketEndpoint.ScanRequest, ScanTicketEndpoint.Validator>();
        m.Validator<UploadOfflineScans.BatchRequest, UploadOfflineScans.Validator>();
        m.AddServices(services =>
        {
            var options = new TicketingOptions();
            m.Configuration.GetSection("Ticketing").Bind(options);
            services.AddSingleton(options);
            var desk = new SessionDeskOptions();
            m.Configuration.GetSection("Ticketing:Desk").Bind(desk);
            services.AddSingleton(desk);
            services.AddSingleton<SessionDesk>();
            services.AddSingleton<OfficeClock>();
            services.AddSingleton<OrderPlacement>();
            services.AddSingleton<TicketToken>();
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TicketDocument>(sp, sp.GetService<BuildingBlocks.Documents.IPdfPrinter>()!));
            services.AddSingleton<ITicketRegister, TicketRegister>();
        });
        m.Job<HoldExpiryJob>("0 * * * * ?");
        m.Job<DailyStatementJob>("0 20 0 * * ?");
        m.Job<MinimumParticipantsJob>("0 0/15 * * * ?");
        m.Endpoints(
            CreateShowEndpoint.Map,
            ShowCatalogue.Map,
            ScheduleSessionEndpoint.Map,
            SessionAvailability.Map,
            HoldSeatsEndpoint.Map,
            ReleaseHoldEndpoint.Map,
            CancelSessionEndpoint.Map,
            PostponeSessionEndpoint.Map,
            Orders.Postponing.AnswerPostponement.Map,
            Orders.Exceptions.RecordExceptionalRequestEndpoint.Map,
            Orders.Exceptions.DecideExceptionalRequestEndpoint.Map,
            Tickets.TransferTicketEndpoint.Map,
            PlaceOrderEndpoint.Map,
            OrderDetails.Map,
            RecordCounterPayment.Map,
            PayByCard.Map,
            GetTicketDocument.Map,
            ScanTicketEndpoint.Map,
            UploadOfflineScans.Map,
            DailyStatement.Map);
    }
}
