using System.Diagnostics;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Marina.Holders;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.Portal.Registration;

/// <summary>Anonymous registration on the holders' portal, the seed's two cases: (1) the harbour office knows the e-mail → the login is
/// that e-mail and a link to choose the password is mailed to it; (2) "j'ai un contrat" → the e-mail plus the number, date and amount TTC
/// of one invoice of the current year; if all three match an invoice of a holder, a login for that e-mail is mailed. Whatever happens —
/// unknown e-mail, one wrong field, success — the answer is the same 202 and takes the same time (at least
/// <see cref="MarinaOptions.RegistrationMinimumDuration"/>), so it never tells which field was wrong or whether an account exists.
/// Attempts are throttled per e-mail and per client address (429) and recorded (<see cref="RegistrationLog"/>).</summary>
internal static class RegisterOnPortal
{
    public const string Answer =
        "Si ces informations correspondent à un plaisancier du port, un e-mail vient d'être envoyé à cette adresse avec votre identifiant et le lien " +
        "pour choisir votre mot de passe.";

    public sealed record RegistrationRequest(string Tenant, string Email, string? InvoiceNumber, DateOnly? InvoiceDate, long? AmountTtc);

    public sealed record RegistrationAnswer(string Message);

    public sealed class Validator : AbstractValidator<RegistrationRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Tenant).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(254).WithMessage("Saisissez une adresse e-mail valide.");
            RuleFor(r => r.InvoiceNumber).MaximumLength(40);
            RuleFor(r => r).Must(r => (r.InvoiceNumber is null && r.InvoiceDate is null && r.AmountTtc is null)
                                      || (!string.IsNullOrWhiteSpace(r.InvoiceNumber) && r.InvoiceDate is not null && r.AmountTtc is not null))
                .WithName("invoice").WithMessage("Pour « j'ai un contrat », indiquez le numéro, la date et le montant TTC d'une facture de l'année en cours.");
        }
    }

    /// <summary>The throttle of registration attempts (its own limits, apart from sign-in's).</summary>
    internal sealed class RegistrationThrottle(TimeProvider time, MarinaOptions options)
    {
        public LoginThrottle Inner { get; } = new(time, new LoginThrottleOptions
        {
            Window = options.RegistrationWindow,
            MaxFailuresPerAccount = options.RegistrationAttemptsPerEmail,
            MaxFailuresPerAddress = options.RegistrationAttemptsPerAddress,
        });
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/marina/portal/registrations", async Task<Results<Accepted<RegistrationAnswer>, ProblemHttpResult>> (
            RegistrationRequest request, HttpContext http, RegistrationThrottle throttle, IReadModelDatabase connections, CommandHandler handler,
            ICustomerAccounts accounts, IOfficeDirectory offices, INotifier notifier, MarinaOptions options, TimeProvider time, CancellationToken ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var tenant = request.Tenant.Trim();
            var email = Holder.Normalise(request.Email)!;
            var address = http.Connection.RemoteIpAddress?.ToString();
            var @case = request.InvoiceNumber is null ? RegistrationCase.KnownEmail : RegistrationCase.InvoiceProof;
            var office = await offices.GetOfficeAsync(tenant, ct);
            if (throttle.Inner.RetryAfter(tenant, email, address) is { } wait)
            {
                if (office is not null)
                {
                    await RecordAsync(handler, office, @case, email, address, RegistrationOutcome.Throttled, null, time.GetUtcNow(), ct);
                }

                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(PlatformProblems.TooManyRequests(wait));
            }

            throttle.Inner.RecordFailure(tenant, email, address); // every attempt counts: success tells nothing either
            if (office is not null)
            {
                var holderId = await FindHolderAsync(connections, office, request, email, time.GetUtcNow(), ct);
                var sent = holderId is not null && await OpenAccountAsync(handler, accounts, notifier, options, office, holderId, email, @case, time.GetUtcNow(), ct);
                await RecordAsync(handler, office, @case, email, address, sent ? RegistrationOutcome.LoginSent : RegistrationOutcome.Refused, sent ? holderId : null,
                    time.GetUtcNow(), ct);
            }

            // Task.Delay counts whole milliseconds (it truncates): wait until the minimum has really passed.
            TimeSpan remaining;
            while ((remaining = options.RegistrationMinimumDuration - Stopwatch.GetElapsedTime(started)) > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)), ct);
            }

            return TypedResults.Accepted((string?)null, new RegistrationAnswer(Answer));
        })
        .AllowAnonymous().Validate<RegistrationRequest>().WithTags("Marina — holder portal").WithName("MarinaPortalRegister")
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .WithSummary("Registers on the holders' portal: by the e-mail known to the harbour office, or by e-mail + number, date and amount TTC of one " +
                     "invoice of the current year. Always the same 202 answer and timing; throttled per e-mail and per client address (429).");

    private static async Task<string?> FindHolderAsync(IReadModelDatabase connections, OfficeProfile office, RegistrationRequest request, string email,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        if (request.InvoiceNumber is null)
        {
            return await connection.QueryFirstOrDefaultAsync<string?>(
                "SELECT holder_id FROM marina_holders WHERE office_id = @office AND email = @email ORDER BY registered_at LIMIT 1",
                new { office = office.OfficeId, email });
        }

        var year = OfficeCalendar.DateOf(now, office.TimeZone).Year;
        var date = request.InvoiceDate!.Value;
        return date.Year != year
            ? null
            : await connection.QueryFirstOrDefaultAsync<string?>(
                "SELECT holder_id FROM marina_invoices WHERE office_id = @office AND number = @number AND issue_date = @date AND total_ttc = @amount",
                new { office = office.OfficeId, number = request.InvoiceNumber.Trim(), date = Day.Iso(date), amount = request.AmountTtc });
    }

    private static async Task<bool> OpenAccountAsync(CommandHandler handler, ICustomerAccounts accounts, INotifier notifier, MarinaOptions options,
        OfficeProfile office, string holderId, string email, RegistrationCase @case, DateTimeOffset now, CancellationToken ct)
    {
        var holder = (await handler.LoadAsync(Holder.Decider, Holder.StreamId(holderId), office.OfficeId, ct: ct)).State;
        if (!holder.Exists)
        {
            return false;
        }

        CustomerAccount account;
        try
        {
            account = await accounts.CreateOrInviteAsync(
                new NewCustomerAccount(office.OfficeId, $"marina-{holderId}", holderId, email, holder.Name, "marina"), ct);
        }
        catch (DomainRuleViolation)
        {
            // The e-mail is another login of the office (staff, another holder): refused like any failed proof.
            return false;
        }

        await handler.HandleAsync(Holder.Decider, Holder.StreamId(holderId),
            new OpenPortalAccount(account.UserId, email, @case == RegistrationCase.KnownEmail ? "known-email" : "invoice-proof", now),
            new CommandContext(office.OfficeId, "marina", Guid.NewGuid()), CommandOptions.ExistingStream, ct);
        var link = options.PortalLink(office.OfficeId, $"/invitation?office={Uri.EscapeDataString(office.OfficeId)}&token={Uri.EscapeDataString(account.InvitationToken)}");
        await notifier.SendAsync(new NotificationRequest(office.OfficeId, $"marina/portal-login/{holderId}/{account.InvitationExpiresAt.ToUnixTimeSeconds()}",
            "marina.portal-login", new
            {
                HolderName = holder.Name,
                PortName = office.Legal?.LegalName ?? office.Name,
                Login = email,
                Link = link,
                ExpiresAt = account.InvitationExpiresAt,
            }, [email]), ct);
        return true;
    }

    private static Task RecordAsync(CommandHandler handler, OfficeProfile office, RegistrationCase @case, string email, string? address,
        RegistrationOutcome outcome, string? holderId, DateTimeOffset now, CancellationToken ct) =>
        handler.HandleAsync(RegistrationLog.Decider, RegistrationLog.StreamId(office.OfficeId, OfficeCalendar.DateOf(now, office.TimeZone)),
            new RecordRegistrationAttempt(@case, RegistrationLog.Hash(email), address is null ? null : RegistrationLog.Hash(address), outcome, holderId, now),
            new CommandContext(office.OfficeId, null, Guid.NewGuid()), ct: ct);
}
