using System.Security.Cryptography;
using System.Text;

namespace Monolith.Modules.Ticketing.Tickets;

/// <summary>What the QR code carries: <c>TKT1.{officeId}.{ticketId}.{signature}</c>, the signature an HMAC-SHA256 (key
/// <c>Ticketing:SigningKey</c>) over the version, office and ticket id. A copied QR code is still a valid token — the entrance's
/// first-scan-wins rule handles copies — but nobody can make up a ticket id that scans.</summary>
internal sealed class TicketToken(TicketingOptions options)
{
    private const string Version = "TKT1";

    private readonly byte[] _key = Convert.FromBase64String(options.SigningKey);

    public string Sign(string officeId, string ticketId) => $"{Version}.{officeId}.{ticketId}.{Signature(officeId, ticketId)}";

    public bool TryVerify(string token, out string officeId, out string ticketId)
    {
        officeId = ticketId = "";
        var parts = (token ?? "").Trim().Split('.');
        if (parts.Length != 4 || parts[0] != Version)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(parts[1], parts[2]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3])))
        {
            return false;
        }

        (officeId, ticketId) = (parts[1], parts[2]);
        return true;
    }

    private string Signature(string officeId, string ticketId) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{Version}|{officeId}|{ticketId}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_')[..32];

    /// <summary>Ticket ids are <c>{orderId}-{line + 1}</c>: the order's stream holds everything about the ticket.</summary>
    public static string TicketId(string orderId, int line) => $"{orderId}-{line + 1}";

    public static bool TryParseTicketId(string ticketId, out string orderId, out int line)
    {
        orderId = "";
        line = -1;
        var dash = ticketId.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(ticketId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return false;
        }

        (orderId, line) = (ticketId[..dash], n - 1);
        return true;
    }
}
