using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Templates;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Bookings.Credits;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Bookings.GroupBookings.Details;
using Monolith.Modules.Bookings.Jobs;
using Monolith.Modules.Bookings.Terms;
using Cancelling = Monolith.Modules.Bookings.GroupBookings.Cancelling;
using Changes = Monolith.Modules.Bookings.GroupBookings.Changes;
using Confirming = Monolith.Modules.Bookings.GroupBookings.Confirming;
using Participants = Monolith.Modules.Bookings.GroupBookings.Participants;
using Quoting = Monolith.Modules.Bookings.GroupBookings.Quoting;

namespace Monolith.Modules.Bookings;

/// <summary>Group bookings, stays and rentals (SPEC §4): terms of sale as versioned data with the Pays Fertois and Zonza presets,
/// quotes, signed contracts with deposits, participant deadlines, cancellation schedules, credit notes, exchange vouchers.
/// See docs/modules/bookings.md.</summary>
public sealed class BookingsModule : IModule
{
    public string Name => "bookings";

    public void Configure(ModuleBuilder m)
    {
        m.Events(GroupBooking.EventNames);
        m.Events(CreditNote.EventNames);
        m.Events(Bundles.Bundle.EventNames);
        m.Events(GiftVouchers.GiftVoucher.EventNames);
        m.Events(Catalogue.CatalogueService.EventNames);
        m.Events(Stays.ShortStay.EventNames);
        m.Publishes(Contracts.BookingsFacts.All);
        m.Migrations(typeof(BookingsModule).Assembly, "Monolith.Modules.Bookings.Sql").PortableReadModels();
        m.Templates(typeof(BookingsModule).Assembly);
        m.Projection<GroupBookingListProjection>();
        m.Projection<Catalogue.CatalogueProjection>();
        m.Projection<GroupBookingSearchProjection>();
        m.Projection<Catalogue.CatalogueSearchProjection>();
        m.Reactor<GroupBookingFlow>();
        m.Reactor<Bundles.BundlePaidMail>();
        m.Reactor<Stays.StayCancellationBilling>();
        m.React<InvoiceSettled, Confirming.MoveBookingOnInvoiceSettled>();
        m.Job<BookingReminders>("0 0 7 * * ?");
        m.Validator<Catalogue.CatalogueRoutes.ServiceRequest, Catalogue.CatalogueRoutes.Validator>();
        m.Validator<Stays.BookShortStay.Request, Stays.BookShortStay.Validator>();
        m.Validator<Stays.CancelShortStay.Request, Stays.CancelShortStay.Validator>();
        m.Validator<Stays.StaySecurityDeposit.ReturnRequest, Stays.StaySecurityDeposit.ReturnValidator>();
        m.Validator<Quoting.IssueQuote.Request, Quoting.IssueQuote.Validator>();
        m.Validator<Confirming.SignQuote.Request, Confirming.SignQuote.Validator>();
        m.Validator<Confirming.RecordPayment.Request, Confirming.RecordPayment.Validator>();
        m.Validator<Confirming.UseCreditNote.Request, Confirming.UseCreditNote.Validator>();
        m.Validator<Participants.RecordParticipantCount.Request, Participants.RecordParticipantCount.Validator>();
        m.Validator<Cancelling.CancelByCustomer.Request, Cancelling.CancelByCustomer.Validator>();
        m.Validator<Cancelling.CancelByOffice.Request, Cancelling.CancelByOffice.Validator>();
        m.Validator<Changes.RevisePrice.Request, Changes.RevisePrice.Validator>();
        m.Validator<Changes.Amendments.ProposeRequest, Changes.Amendments.ProposeValidator>();
        m.Validator<Changes.TransferBooking.Request, Changes.TransferBooking.Validator>();
        m.Validator<GroupBookings.Claims.RecordClaim.Request, GroupBookings.Claims.RecordClaim.Validator>();
        m.Validator<Bundles.BundleEndpoints.SellRequest, Bundles.BundleEndpoints.SellValidator>();
        m.Validator<Bundles.BundleEndpoints.VisitRequest, Bundles.BundleEndpoints.VisitValidator>();
        m.Validator<GiftVouchers.GiftVoucherEndpoints.SellRequest, GiftVouchers.GiftVoucherEndpoints.SellValidator>();
        m.Validator<GiftVouchers.GiftVoucherEndpoints.RedeemRequest, GiftVouchers.GiftVoucherEndpoints.RedeemValidator>();
        m.AddServices(services =>
        {
            services.AddSingleton<BookingTermsSource>();
            services.AddSingleton<GroupBookingStore>();
            services.AddSingleton<BookingBilling>();
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Documents.BookingDocuments>(sp, sp.GetService<BuildingBlocks.Documents.IPdfPrinter>()!));
            services.AddSingleton<Confirming.InvoiceSettlement>();
        });
        m.Endpoints(
            TermsEndpoints.Map,
            Catalogue.AddCatalogueService.Map,
            Catalogue.ChangeCatalogueService.Map,
            Catalogue.WithdrawCatalogueService.Map,
            Catalogue.CatalogueList.Map,
            Stays.BookShortStay.Map,
            Stays.StayRoutes.Map,
            Stays.CancelShortStay.Map,
            Stays.StaySecurityDeposit.Map,
            Quoting.IssueQuote.Map,
            Quoting.QuoteDocument.Map,
            Confirming.SignQuote.Map,
            Confirming.RecordPayment.Map,
            Confirming.UseCreditNote.Map,
            Participants.RecordParticipantCount.Map,
            Cancelling.CancelByCustomer.Map,
            Cancelling.CancelByOffice.Map,
            Changes.RevisePrice.Map,
            Changes.Amendments.Map,
            Changes.TransferBooking.Map,
            GroupBookings.Claims.RecordClaim.Map,
            GroupBookingDetails.Map,
            Bundles.BundleEndpoints.Map,
            GiftVouchers.GiftVoucherEndpoints.Map,
            Documents.DownloadBookingDocuments.Map);
    }
}
