using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Marina.Holders;
using Monolith.Modules.Marina.Ports;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.BerthContracts.Signing;

/// <summary>Renders a contract (template <c>marina.contract</c>, French) as HTML, and prints it to PDF with billing's printer. The signed
/// copy adds "Contrat signé le 19/12/2016 à 11:55" (office time zone), the three accepted steps and the SHA-256 of the signed PDF.</summary>
internal sealed class ContractDocument(CommandHandler handler, IDocumentRenderer renderer, IPdfPrinter printer, IOfficeDirectory offices, IOfficeCalendars calendars)
{
    public sealed record Loaded(StreamState<BerthContractState> Contract, HolderState Holder);

    public bool PdfAvailable => printer.IsAvailable;

    /// <summary>The contract, checked to belong to <paramref name="holderId"/> when given (a portal caller): anyone else's is not found.</summary>
    public async Task<Loaded> LoadAsync(string officeId, string contractId, string? holderId, CancellationToken ct)
    {
        var contract = await handler.LoadAsync(BerthContract.For(officeId), BerthContract.StreamId(contractId), officeId, mustExist: true, ct);
        if (holderId is not null && contract.State.HolderId != holderId)
        {
            throw new NotFoundException("Contrat introuvable.");
        }

        var holder = await handler.LoadAsync(Holder.Decider, Holder.StreamId(contract.State.HolderId), officeId, mustExist: true, ct);
        return new Loaded(contract, holder.State);
    }

    public async Task<string> HtmlAsync(string officeId, Loaded loaded, bool signedCopy, CancellationToken ct)
    {
        var c = loaded.Contract.State;
        var h = loaded.Holder;
        var port = (await handler.LoadAsync(Port.Decider, Port.StreamId(officeId), officeId, ct: ct)).State;
        var office = await offices.GetOfficeAsync(officeId, ct);
        var zone = await calendars.TimeZoneAsync(officeId, ct);
        var terms = c.Terms!.TermsVersion is { } v ? await offices.GetTermsVersionAsync(officeId, v, ct) : null;
        var berth = port.Berths.GetValueOrDefault(c.Terms.BerthId);
        var boat = h.Boats.FirstOrDefault(b => b.BoatId == c.Terms.BoatId);
        var vat = c.Terms.Lines.Sum(l => Vat.PartOfTtc(l.TotalTtc, l.VatRate));
        var legal = office?.Legal;
        var model = new
        {
            PortName = legal?.LegalName ?? office?.Name ?? officeId,
            PortAddress = legal is null ? null : $"{legal.Address.Street}, {legal.Address.PostalCode} {legal.Address.City}",
            Season = c.Season!.Year,
            c.ContractId,
            c.Version,
            HolderName = h.Name,
            HolderAddress = h.Address is { } a ? $"{a.Street}, {a.PostalCode} {a.City}" : "",
            BoatName = boat?.Name ?? c.Terms.BoatId,
            BoatRegistration = boat?.Registration ?? "",
            BoatLength = boat is null ? "" : Metres(boat.LengthCm),
            BoatBeam = boat is null ? "" : Metres(boat.BeamCm),
            Pontoon = berth?.Pontoon ?? "",
            BerthNumber = berth?.Number ?? c.Terms.BerthId,
            Category = berth?.Category ?? "",
            BerthMaxLength = berth is null ? "" : Metres(berth.MaxLengthCm),
            BerthMaxBeam = berth is null ? "" : Metres(berth.MaxBeamCm),
            SeasonStart = Day.French(c.Season.Start),
            SeasonEnd = Day.French(c.Season.End),
            Lines = c.Terms.Lines.Select(l => new
            {
                l.Label,
                l.Quantity,
                UnitPriceTtc = Euros.Format(l.UnitPriceTtc),
                Rate = l.VatRate.Label,
                TotalTtc = Euros.Format(l.TotalTtc),
            }),
            TotalTtc = Euros.Format(c.Terms.TotalTtc),
            TotalVat = Euros.Format(vat),
            TermsTitle = terms?.Title,
            TermsVersion = terms?.Version,
            Signed = signedCopy && c.Status == ContractStatus.Signed,
            SignedStatement = c.SignedAt is { } at ? SignedStatement(at, zone) : null,
            Steps = c.Steps.Select(s => new { s.Step, Statement = SignatureSteps.Statements[s.Step - 1], At = Day.DateAndTime(s.At, zone), s.Signer }),
            PdfSha256 = c.Steps.Count > 0 ? c.Steps[0].PdfSha256 : null,
        };
        return await renderer.RenderOfficeDocumentAsync(officeId, "marina.contract", model, ct);
    }

    public static string SignedStatement(DateTimeOffset signedAt, TimeZoneInfo zone) => $"Contrat signé le {Day.DateAndTime(signedAt, zone)}";

    public Task<byte[]> PdfAsync(string html, CancellationToken ct) => printer.IsAvailable
        ? printer.PrintAsync(html, ct)
        : throw new PdfUnavailableException();

    private static string Metres(int cm) => $"{cm / 100},{cm % 100:D2} m";
}

/// <summary>chromium is not installed on this server: answered 503 with the reason.</summary>
internal sealed class PdfUnavailableException() : Exception("L'impression PDF n'est pas disponible sur ce serveur (chromium n'est pas installé).");
