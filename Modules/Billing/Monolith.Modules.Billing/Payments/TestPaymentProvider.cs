using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Billing.Payments;

/// <summary>The built-in "test" payment provider (<c>Billing:PaymentProvider=test</c>, the default): its hosted page is an endpoint of
/// ours that plays the bank (<c>/api/billing/test-provider/pages/{reference}</c>: type any card, approve or decline), so the whole card
/// flow runs locally. Like a real bank it notifies our webhook with a signed message (HMAC-SHA256 of the body with
/// <c>Billing:TestProvider:Secret</c>, random per process when unset, in header <see cref="SignatureHeader"/>) and sends the customer
/// back to the return URL. The card number typed on its page is used for its last 4 digits and dropped. Sessions live in memory (a
/// simulator: a restart forgets open pages). Never use it in production: anyone can approve a payment.</summary>
internal sealed class TestPaymentProvider(IConfiguration configuration, IHostEnvironment environment) : IPaymentProvider
{
    public const string SignatureHeader = "X-Test-Provider-Signature";
    public const string SecretSetting = "Billing:TestProvider:Secret";
    public const string PagePath = "/api/billing/test-provider/pages";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly byte[] _secret = configuration[SecretSetting] is { Length: > 0 } configured
        ? Encoding.UTF8.GetBytes(configured)
        : RandomNumberGenerator.GetBytes(32);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public string Name => "test";

    internal sealed record Session(string OfficeId, string InvoiceNumber, long Amount, string ReturnUrl);

    public Task<PaymentPage> CreatePaymentPageAsync(string officeId, string invoiceNumber, long amountCents, string returnUrl, CancellationToken ct = default)
    {
        if (environment.IsProduction() && !configuration.GetValue("Billing:TestProvider:AllowInProduction", false))
        {
            // The simulator approves any card: in production it takes no payment unless an operator explicitly allows it.
            throw new DomainRuleViolation(
                "payment.provider-not-configured",
                "Le paiement par carte n'est pas disponible pour le moment. Merci de régler par chèque ou par virement.");
        }

        // Letters only after the prefix: a provider reference can never look like a card number.
        var reference = "tp-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", 24);
        _sessions[reference] = new Session(officeId, invoiceNumber, amountCents, returnUrl);
        return Task.FromResult(new PaymentPage(reference, $"{PagePath}/{reference}"));
    }

    public CardPaymentNotification? ReadNotification(IHeaderDictionary headers, string body)
    {
        if (!headers.TryGetValue(SignatureHeader, out var signature) || signature.Count != 1
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body)), Encoding.ASCII.GetBytes(signature[0] ?? "")))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CardPaymentNotification>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string Sign(string body) => Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(body)));

    public Session? Find(string reference) => _sessions.GetValueOrDefault(reference);

    /// <summary>The bank's verdict as the signed message it sends to our webhook: only the reference, the outcome and the last 4 digits.</summary>
    public (string Body, string Signature) Notification(string reference, bool approved, string? cardNumber)
    {
        var digits = new string([.. (cardNumber ?? "").Where(char.IsAsciiDigit)]);
        var last4 = approved && digits.Length >= 4 ? digits[^4..] : null;
        var body = JsonSerializer.Serialize(new CardPaymentNotification(reference, approved, last4, approved ? null : "Paiement refusé par la banque (simulation)"), Json);
        return (body, Sign(body));
    }
}

/// <summary>The test provider's bank pages (anonymous, as a bank's page is). 404 when another provider is configured.</summary>
internal static class TestProviderEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(TestPaymentProvider.PagePath).WithTags("Billing test payment provider").AllowAnonymous().ExcludeFromDescription();

        group.MapGet("/{reference}", (string reference, IPaymentProvider provider) =>
        {
            if (provider is not TestPaymentProvider test || test.Find(reference) is not { } session)
            {
                return Results.NotFound();
            }

            var amount = WebUtility.HtmlEncode(Euros.Format(session.Amount));
            var number = WebUtility.HtmlEncode(session.InvoiceNumber);
            var html = $"""
                <!DOCTYPE html>
                <html lang="fr"><head><meta charset="utf-8"><title>Banque de test</title></head>
                <body>
                <h1>Banque de test — paiement simulé</h1>
                <p>Facture n° {number} : {amount}</p>
                <form method="post">
                  <label>Numéro de carte (simulation, non conservé) <input name="cardNumber" autocomplete="off"></label>
                  <button name="outcome" value="approve">Accepter</button>
                  <button name="outcome" value="decline">Refuser</button>
                </form>
                </body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
        });

        // The form is read by hand (no form binding) so that no antiforgery metadata applies: this is the "bank", not our site.
        group.MapPost("/{reference}", async (string reference, HttpContext http, IPaymentProvider provider, CardPaymentService cards, CancellationToken ct) =>
        {
            if (provider is not TestPaymentProvider test || test.Find(reference) is not { } session)
            {
                return Results.NotFound();
            }

            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
            var approved = string.Equals(form?["outcome"].ToString(), "approve", StringComparison.Ordinal);
            var (body, signature) = test.Notification(reference, approved, form?["cardNumber"].ToString());

            // The bank notifies our webhook (server to server) before sending the customer back.
            var headers = new HeaderDictionary { [TestPaymentProvider.SignatureHeader] = signature };
            var view = await cards.HandleNotificationAsync(headers, body, ct);
            var status = view?.Status.ToString().ToLowerInvariant() ?? "unknown";
            var separator = session.ReturnUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            return Results.Redirect(
                string.Create(CultureInfo.InvariantCulture, $"{session.ReturnUrl}{separator}paymentReference={Uri.EscapeDataString(reference)}&status={status}"));
        });
    }
}
