using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Marina.BerthContracts.Details;
using Monolith.Modules.Marina.BerthContracts.Drafting;
using Monolith.Modules.Marina.BerthContracts.Invoicing;
using Monolith.Modules.Marina.BerthContracts.Renewing;
using Monolith.Modules.Marina.BerthContracts.Signing;
using Monolith.Modules.Marina.Contracts;
using Monolith.Modules.Marina.DirectDebits.Register;
using Monolith.Modules.Marina.DirectDebits.Rejections;
using Monolith.Modules.Marina.DirectDebits.Running;
using Monolith.Modules.Marina.Holders.Absences;
using Monolith.Modules.Marina.Holders.Directory;
using Monolith.Modules.Marina.Holders.Invoicing;
using Monolith.Modules.Marina.Holders.Payments;
using Monolith.Modules.Marina.Holders.Registering;
using Monolith.Modules.Marina.Mandates.Lapsing;
using Monolith.Modules.Marina.Mandates.Register;
using Monolith.Modules.Marina.Mandates.Signing;
using Monolith.Modules.Marina.Portal.Account;
using Monolith.Modules.Marina.Portal.Registration;
using Monolith.Modules.Marina.Ports.Berths;
using Monolith.Modules.Marina.Ports.Configuring;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina;

/// <summary>Marina contracts: the port's berths and price lists, berth holders and their boats, annual contracts signed online in three
/// steps, SEPA Core mandates and direct-debit runs (pain.008 out, pain.002 in), the holders' portal (registration, contract, customer
/// account, payment). See docs/modules/marina.md.</summary>
public sealed class MarinaModule : IModule
{
    public string Name => "marina";

    public void Configure(ModuleBuilder m)
    {
        m.Events(Ports.Port.EventNames);
        m.Events(Holders.Holder.EventNames);
        m.Events(BerthContracts.BerthContract.EventNames);
        m.Events(Mandates.Mandate.EventNames);
        m.Events(Mandates.RumRegister.EventNames);
        m.Events(DirectDebits.DebitRun.EventNames);
        m.Events(RegistrationLog.EventNames);
        m.Events(Downloads.PortDocument.EventNames);
        m.Publishes(MarinaFacts.All);
        m.Migrations(typeof(MarinaModule).Assembly, "Monolith.Modules.Marina.Sql").PortableReadModels();
        m.Templates(typeof(MarinaModule).Assembly);
        m.Projection<BerthRegisterProjection>();
        m.Projection<HolderDirectoryProjection>();
        m.Projection<HolderSearchProjection>();
        m.Projection<ContractListProjection>();
        m.Projection<MandateRegisterProjection>();
        m.Projection<DebitRegisterProjection>();
        m.Projection<Downloads.DownloadAreaProjection>();
        m.Reactor<InvoiceOnSigned>();
        m.Reactor<DebitFollowUp>();
        m.Job<MandateLapseJob>("0 30 6 * * ?");
        m.Job<DirectDebitJob>("0 0 6 * * ?");
        m.Job<RenewalJob>("0 0 7 * * ?");
        m.Validator<AddBerth.AddBerthRequest, AddBerth.Validator>();
        m.Validator<SetPriceList.PriceListRequest, SetPriceList.Validator>();
        m.Validator<RegisterHolder.RegisterHolderRequest, RegisterHolder.Validator>();
        m.Validator<RegisterHolder.BoatRequest, RegisterHolder.BoatValidator>();
        m.Validator<DeclareAbsence.AbsenceRequest, DeclareAbsence.Validator>();
        m.Validator<InvoiceService.ServiceInvoiceRequest, InvoiceService.Validator>();
        m.Validator<RecordCounterPayment.CounterPaymentRequest, RecordCounterPayment.Validator>();
        m.Validator<DraftContract.DraftContractRequest, DraftContract.Validator>();
        m.Validator<DraftContract.ChangeContractRequest, DraftContract.ChangeValidator>();
        m.Validator<SignContract.AcceptStepRequest, SignContract.Validator>();
        m.Validator<SignMandate.SignMandateRequest, SignMandate.Validator>();
        m.Validator<SignMandate.ReplaceAccountRequest, SignMandate.ReplaceValidator>();
        m.Validator<RecordRejection.RejectionRequest, RecordRejection.Validator>();
        m.Validator<PortalAccount.CardPaymentRequest, PortalAccount.Validator>();
        m.Validator<RegisterOnPortal.RegistrationRequest, RegisterOnPortal.Validator>();
        m.Validator<PlanRenewal.RenewalPlanRequest, PlanRenewal.Validator>();
        m.Validator<Downloads.DownloadArea.PublishRequest, Downloads.DownloadArea.Validator>();
        m.AddServices(services =>
        {
            var options = new MarinaOptions();
            m.Configuration.GetSection("Marina").Bind(options);
            services.AddSingleton(options.ResolvePortal(m.Configuration));
            services.AddHostedService<LegacyPortalUrlWarning>();
            services.AddSingleton<HolderBilling>();
            services.AddSingleton<BuildingBlocks.EventStore.Privacy.IDataSubjectFootprint, Holders.HolderFootprint>();
            services.AddSingleton<ContractDocument>();
            services.AddSingleton<DirectDebitService>();
            services.AddSingleton<RegisterOnPortal.RegistrationThrottle>();
            services.AddSingleton<IMarinaDirectory, FreeBerths>();
        });
        m.Endpoints(
            AddBerth.Map, SetPriceList.Map, FreeBerths.Map,
            RegisterHolder.Map, HolderList.Map, DeclareAbsence.Map, InvoiceService.Map, RecordCounterPayment.Map,
            DraftContract.Map, ContractDetails.Map, ContractList.Map, SignContract.Map, PlanRenewal.Map,
            SignMandate.Map,
            DirectDebitEndpoints.Map, RecordRejection.Map,
            PortalAccount.Map, RegisterOnPortal.Map, Downloads.DownloadArea.Map);
    }
}
