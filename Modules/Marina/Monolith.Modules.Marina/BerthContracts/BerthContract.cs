using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Marina.BerthContracts;

// A berth holder's annual contract for a berth in their home port (port d'attache), for one season. Stream
// "marina-contract-{contractId}". Its content has a version: drafting is version 1, every change adds one. Signing is three mandatory
// steps in order (seed: "Accepter les 3 étapes obligatoires"), each recorded with its time, the signer and the SHA-256 of the PDF the
// holder downloaded; the steps belong to a version, so a change after step 1 restarts them. Step 3 signs the contract (final: a
// signed contract no longer changes; next season is a new contract, proposed by the renewal job).

/// <summary>A price line: the berth by size category, or an option (electricity, water...). Prices TTC, VAT in basis points.</summary>
internal sealed record ContractLine(string Code, string Label, int Quantity, long UnitPriceTtc, int VatBasisPoints)
{
    public long TotalTtc => Quantity * UnitPriceTtc;

    public VatRate VatRate => VatRate.Of(VatBasisPoints);
}

internal sealed record Season(int Year, DateOnly Start, DateOnly End)
{
    public bool Covers(DateOnly day) => day >= Start && day <= End;
}

internal sealed record ContractTerms(string BerthId, string BoatId, IReadOnlyList<ContractLine> Lines, int? TermsVersion)
{
    public long TotalTtc => Lines.Sum(l => l.TotalTtc);
}

internal enum ContractStatus
{
    None,
    Draft,
    Signed,

    /// <summary>A renewal proposal not signed by the office's tacit-renewal date: in force and invoiced as if signed.</summary>
    TacitlyRenewed,
}

/// <summary>The signature steps, as the portal words them (seed).</summary>
internal static class SignatureSteps
{
    public static readonly IReadOnlyList<string> Statements =
    [
        "Je déclare avoir téléchargé le contrat au format PDF et avoir un logiciel pour le lire.",
        "Je déclare avoir pris connaissance dudit contrat.",
        "Je déclare accepter les termes dudit contrat.",
    ];
}

internal sealed record AcceptedStep(int Step, string Signer, string PdfSha256, DateTimeOffset At);

internal abstract record ContractCommand;
internal sealed record DraftContract(string ContractId, string HolderId, Season Season, ContractTerms Terms, string? RenewalOf, DateTimeOffset At) : ContractCommand;
internal sealed record ChangeContract(ContractTerms Terms, DateTimeOffset At) : ContractCommand;
internal sealed record RecordPdfDownload(string Sha256, string By, DateTimeOffset At) : ContractCommand;
/// <summary><paramref name="PdfSha256"/>: the hash of the PDF the signer has (from the download's <c>X-Content-SHA256</c> header);
/// null = the last PDF of this version they downloaded.</summary>
internal sealed record AcceptSignatureStep(int Step, string Signer, string? PdfSha256, DateTimeOffset At) : ContractCommand;
internal sealed record RenewTacitly(DateOnly On, DateTimeOffset At) : ContractCommand;
internal sealed record AttachContractInvoice(Holders.MarinaInvoice Invoice, DateTimeOffset At) : ContractCommand;

internal abstract record ContractEvent(string ContractId);
internal sealed record ContractDrafted(
    string ContractId, string HolderId, Season Season, ContractTerms Terms, long TotalTtc, string? RenewalOf, DateTimeOffset DraftedAt) : ContractEvent(ContractId);
internal sealed record ContractChanged(string ContractId, int Version, ContractTerms Terms, long TotalTtc, DateTimeOffset ChangedAt) : ContractEvent(ContractId);
internal sealed record ContractPdfDownloaded(string ContractId, int Version, string Sha256, string By, DateTimeOffset DownloadedAt) : ContractEvent(ContractId);
internal sealed record SignatureStepAccepted(string ContractId, int Version, int Step, string Statement, string Signer, string PdfSha256, DateTimeOffset AcceptedAt)
    : ContractEvent(ContractId);
/// <summary>Step 3 accepted; the decider also publishes <see cref="Contracts.MarinaContractSigned"/>.</summary>
internal sealed record ContractSigned(string OfficeId, string ContractId, string HolderId, string BerthId, int Season, DateTimeOffset SignedAt, string PdfSha256)
    : ContractEvent(ContractId);
internal sealed record ContractTacitlyRenewed(string ContractId, string HolderId, string RenewalOf, DateOnly On, DateTimeOffset RenewedAt) : ContractEvent(ContractId);
internal sealed record ContractInvoiceAttached(string ContractId, string HolderId, Holders.MarinaInvoice Invoice, DateTimeOffset AttachedAt) : ContractEvent(ContractId);

internal sealed record BerthContractState(
    string? ContractId,
    string HolderId,
    Season? Season,
    ContractTerms? Terms,
    int Version,
    ContractStatus Status,
    IReadOnlyList<(int Version, string Sha256)> Downloads,
    IReadOnlyList<AcceptedStep> Steps,
    DateTimeOffset? SignedAt,
    string? InvoiceId,
    string? InvoiceNumber,
    string? RenewalOf)
{
    public static readonly BerthContractState Initial = new(null, "", null, null, 0, ContractStatus.None, [], [], null, null, null, null);

    public bool Exists => ContractId is not null;

    public int NextStep => Steps.Count + 1;
}

internal static class BerthContract
{
    public static string StreamId(string contractId) => $"marina-contract-{contractId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(ContractDrafted)] = "marina.contract-drafted",
        [typeof(ContractChanged)] = "marina.contract-changed",
        [typeof(ContractPdfDownloaded)] = "marina.contract-pdf-downloaded",
        [typeof(SignatureStepAccepted)] = "marina.signature-step-accepted",
        [typeof(ContractSigned)] = "marina.contract-signed",
        [typeof(ContractInvoiceAttached)] = "marina.contract-invoice-attached",
        [typeof(ContractTacitlyRenewed)] = "marina.contract-tacitly-renewed",
    };

    /// <summary>The decider of one office's contracts: the office id goes into the published <see cref="ContractSigned"/>.</summary>
    public static Decider<ContractCommand, ContractEvent, BerthContractState> For(string officeId) =>
        new((c, s) => Decide(officeId, c, s), Evolve, BerthContractState.Initial)
        {
            Publish = (_, _, events, _) => events.OfType<ContractSigned>()
                .Select(e => new Contracts.MarinaContractSigned(e.OfficeId, e.ContractId, e.HolderId, e.BerthId, e.Season, e.SignedAt, e.PdfSha256)),
        };

    private static readonly DomainRuleViolation AlreadySigned =
        new("contract.signed", "Ce contrat est signé : il ne peut plus être modifié.", isConflict: true);

    internal static IReadOnlyList<ContractEvent> Decide(string officeId, ContractCommand command, BerthContractState state) => (command, state) switch
    {
        (DraftContract c, { Exists: true }) when c.ContractId == state.ContractId && c.Terms == state.Terms => [],
        (DraftContract, { Exists: true }) => throw new DomainRuleViolation("contract.exists", "Ce contrat existe déjà.", isConflict: true),
        (DraftContract c, _) => Draft(c),
        (_, { Exists: false }) => throw new NotFoundException("Contrat introuvable."),

        (ChangeContract, { Status: not ContractStatus.Draft }) => throw AlreadySigned,
        (ChangeContract c, _) when c.Terms == state.Terms => [],
        (ChangeContract c, _) => [new ContractChanged(state.ContractId!, state.Version + 1, Valid(c.Terms), c.Terms.TotalTtc, c.At)],

        (RecordPdfDownload c, _) => [new ContractPdfDownloaded(state.ContractId!, state.Version, c.Sha256, c.By, c.At)],

        (AcceptSignatureStep c, { Status: ContractStatus.Signed }) when c.Step is >= 1 and <= 3 => [],
        (AcceptSignatureStep, { Status: ContractStatus.TacitlyRenewed }) => throw AlreadySigned,

        (RenewTacitly, { Status: ContractStatus.Signed or ContractStatus.TacitlyRenewed }) => [],
        (RenewTacitly, { RenewalOf: null }) =>
            throw new DomainRuleViolation("contract.not-a-renewal", "Seule une proposition de renouvellement peut être reconduite tacitement.", isConflict: true),
        (RenewTacitly c, _) => [new ContractTacitlyRenewed(state.ContractId!, state.HolderId, state.RenewalOf!, c.On, c.At)],
        (AcceptSignatureStep c, _) when c.Step is < 1 or > 3 =>
            throw new DomainRuleViolation("signature.unknown-step", "La signature comporte trois étapes, numérotées de 1 à 3."),
        (AcceptSignatureStep c, _) when c.Step < state.NextStep => [],
        (AcceptSignatureStep c, _) when c.Step > state.NextStep => throw new DomainRuleViolation(
            "signature.out-of-order",
            $"Les étapes se valident dans l'ordre : validez d'abord l'étape {state.NextStep}/3 (« {SignatureSteps.Statements[state.NextStep - 1]} »).",
            isConflict: true),
        (AcceptSignatureStep c, _) => Accept(officeId, c, state),

        (AttachContractInvoice, { InvoiceId: not null }) => [],
        (AttachContractInvoice, { Status: ContractStatus.Draft }) =>
            throw new DomainRuleViolation("contract.not-signed", "Le contrat n'est pas encore signé : il ne peut pas être facturé.", isConflict: true),
        (AttachContractInvoice c, _) => [new ContractInvoiceAttached(state.ContractId!, state.HolderId, c.Invoice, c.At)],
        _ => throw new DomainRuleViolation("contract.invalid-command", "Cette opération n'est pas possible sur le contrat."),
    };

    private static IReadOnlyList<ContractEvent> Draft(DraftContract c)
    {
        if (c.Season.End < c.Season.Start)
        {
            throw new DomainRuleViolation("contract.season-dates", "La fin de la saison précède son début.");
        }

        return [new ContractDrafted(c.ContractId, c.HolderId, c.Season, Valid(c.Terms), c.Terms.TotalTtc, c.RenewalOf, c.At)];
    }

    private static ContractTerms Valid(ContractTerms terms)
    {
        if (terms.Lines.Count == 0)
        {
            throw new DomainRuleViolation("contract.no-line", "Le contrat doit comporter au moins une ligne (la place).");
        }

        if (terms.Lines.Any(l => l.Quantity <= 0 || l.UnitPriceTtc < 0))
        {
            throw new DomainRuleViolation("contract.line-invalid", "Chaque ligne doit avoir une quantité positive et un prix positif ou nul.");
        }

        return terms;
    }

    private static IReadOnlyList<ContractEvent> Accept(string officeId, AcceptSignatureStep c, BerthContractState state)
    {
        var downloaded = state.Downloads.Where(d => d.Version == state.Version).Select(d => d.Sha256).ToList();
        string hash;
        if (c.Step == 1)
        {
            if (downloaded.Count == 0)
            {
                throw new DomainRuleViolation(
                    "signature.pdf-not-downloaded", "Téléchargez d'abord le contrat au format PDF : l'étape 1 atteste que vous l'avez téléchargé.", isConflict: true);
            }

            hash = c.PdfSha256 is null ? downloaded[^1] : downloaded.FirstOrDefault(d => string.Equals(d, c.PdfSha256, StringComparison.OrdinalIgnoreCase))
                ?? throw new DomainRuleViolation(
                    "signature.pdf-unknown", "Ce PDF n'est pas la version en vigueur du contrat : téléchargez-le à nouveau.", isConflict: true);
        }
        else
        {
            // Steps 2 and 3 are about the document of step 1.
            hash = state.Steps[0].PdfSha256;
            if (c.PdfSha256 is not null && !string.Equals(c.PdfSha256, hash, StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainRuleViolation(
                    "signature.pdf-unknown", "Ce PDF n'est pas celui de l'étape 1 : recommencez la signature depuis l'étape 1.", isConflict: true);
            }
        }

        List<ContractEvent> events =
            [new SignatureStepAccepted(state.ContractId!, state.Version, c.Step, SignatureSteps.Statements[c.Step - 1], c.Signer, hash, c.At)];
        if (c.Step == 3)
        {
            events.Add(new ContractSigned(officeId, state.ContractId!, state.HolderId, state.Terms!.BerthId, state.Season!.Year, c.At, hash));
        }

        return events;
    }

    internal static BerthContractState Evolve(BerthContractState state, ContractEvent @event) => @event switch
    {
        ContractDrafted e => state with
        {
            ContractId = e.ContractId,
            HolderId = e.HolderId,
            Season = e.Season,
            Terms = e.Terms,
            Version = 1,
            Status = ContractStatus.Draft,
            RenewalOf = e.RenewalOf,
        },
        // A change restarts the signature: the steps belong to the version they were accepted on.
        ContractChanged e => state with { Terms = e.Terms, Version = e.Version, Steps = [] },
        ContractPdfDownloaded e => state with { Downloads = [.. state.Downloads, (e.Version, e.Sha256)] },
        SignatureStepAccepted e => state with { Steps = [.. state.Steps, new AcceptedStep(e.Step, e.Signer, e.PdfSha256, e.AcceptedAt)] },
        ContractSigned e => state with { Status = ContractStatus.Signed, SignedAt = e.SignedAt },
        ContractTacitlyRenewed => state with { Status = ContractStatus.TacitlyRenewed },
        ContractInvoiceAttached e => state with { InvoiceId = e.Invoice.InvoiceId, InvoiceNumber = e.Invoice.Number },
        _ => state,
    };
}
