using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Ticketing.Orders;
using Monolith.Modules.Ticketing.Shows;
using QRCoder;

namespace Monolith.Modules.Ticketing.Tickets;

/// <summary>A ticket as printed (CGI annex IV art. 50 sexies B: operator, show and session, number in the series of its price category,
/// category and price paid), with its QR code carrying the signed token; HTML first, PDF when the server can print.</summary>
internal sealed class TicketDocument(
    IDocumentRenderer documents, IPdfPrinter? printer, IOfficeDirectory offices, TicketToken tokens, CommandHandler handler, Sessions.SessionDesk desk)
{
    public sealed record Rendered(string FileName, string ContentType, byte[] Content);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public async Task<Rendered> RenderAsync(string officeId, OrderState order, IssuedTicket ticket, CancellationToken ct)
    {
        var html = await documents.RenderOfficeDocumentAsync(officeId, "ticketing.ticket", await ModelAsync(officeId, order, ticket, ct), ct);
        if (printer is { IsAvailable: true })
        {
            return new Rendered($"billet-{ticket.Number}-{ticket.PriceCategory}.pdf", "application/pdf", await printer.PrintAsync(html, ct));
        }

        return new Rendered($"billet-{ticket.Number}-{ticket.PriceCategory}.html", "text/html", System.Text.Encoding.UTF8.GetBytes(html));
    }

    public async Task<object> ModelAsync(string officeId, OrderState order, IssuedTicket ticket, CancellationToken ct)
    {
        var office = await offices.GetOfficeAsync(officeId, ct) ?? throw new NotFoundException("Cet office de tourisme n'existe pas.");
        var zone = OfficeCalendar.ZoneOf(office.TimeZone);
        var placed = order.Placed!;
        var line = placed.Lines[ticket.Line];
        var show = (await handler.LoadAsync(Show.Decider, Show.StreamId(line.ShowId), officeId, ct: ct)).State.Definition;
        var token = tokens.Sign(officeId, ticket.TicketId);
        var startsAt = line.StartsAt;
        if (order.AdmitsTo(line.SessionId) is var admitsTo && admitsTo != line.SessionId && (await desk.ReadAsync(officeId, admitsTo, ct)).State.Plan is { } moved)
        {
            startsAt = moved.StartsAt; // postponed: the ticket stays valid and admits to the new date, which it prints
        }

        var png = PngByteQRCodeHelper.GetQRCode(token, QRCodeGenerator.ECCLevel.M, 8);
        return new
        {
            show = line.ShowName,
            sessionDate = OfficeClock.Local(startsAt, zone).ToString("dddd d MMMM yyyy 'à' HH'h'mm", French),
            endsDate = (string?)null,
            number = ticket.Number.ToString(CultureInfo.InvariantCulture),
            priceCategory = ticket.PriceCategory,
            category = line.CategoryLabel,
            seat = ticket.Seat,
            rate = line.RateLabel,
            price = TicketingProblems.Euros(ticket.FaceValue),
            vatRate = (ticket.VatBasisPoints / 100m).ToString("0.##", French) + " %",
            proof = line.ProofRequired,
            holder = order.HolderOf(ticket.Line),
            organiser = show?.Organiser.Name ?? office.Name,
            @operator = office.Legal is { } legal ? $"{legal.LegalName}, SIREN {legal.Siren}" : office.Name,
            qrDataUri = "data:image/png;base64," + Convert.ToBase64String(png),
            orderReference = placed.OrderId[..8].ToUpperInvariant(),
        };
    }
}
