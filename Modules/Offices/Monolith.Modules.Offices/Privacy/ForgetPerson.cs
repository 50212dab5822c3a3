using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Privacy;

/// <summary>The person forgotten, and the other subjects linked to them (their portal account...) forgotten with them.</summary>
/// <summary>Optional: e-mail addresses of the person that no module links to them (a ticket buyer's, a booking customer's), to be
/// forgotten with them: their copies in the e-mails sent list and the outbox are shredded too.</summary>
internal sealed record ErasureRequest(IReadOnlyList<string>? EmailAddresses);

internal sealed class ErasureRequestValidator : AbstractValidator<ErasureRequest>
{
    public ErasureRequestValidator()
    {
        RuleFor(r => r.EmailAddresses).Must(a => a is null || a.Count <= 20).WithMessage("Au plus 20 adresses e-mail par effacement.");
        RuleForEach(r => r.EmailAddresses).NotEmpty().MaximumLength(320).EmailAddress().WithMessage("Adresse e-mail invalide : {PropertyValue}.");
    }
}

internal sealed record ErasureResponse(string SubjectId, DateTimeOffset ForgottenAt, IReadOnlyList<string> LinkedSubjects);

/// <summary>POST <c>/api/office/personal-data/{subjectId}/erasure</c> (admin): "forget this person" (GDPR erasure, Zonza CGV art. 12):
/// destroys the person's key, so every personal field of every event about them reads as erased, and the read models drop their data.
/// Amounts, dates and the hash chain stay intact.</summary>
internal static class ForgetPersonEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/office/personal-data/{subjectId}/erasure", Handle).RequireAuthorization("office-admin").WithTags("Personal data")
            .WithSummary("Erases a person's personal data (idempotent). The subject id is the customer's or user's id; the optional body names more e-mail addresses of theirs to forget.");
    }

    internal static async Task<Ok<ErasureResponse>> Handle(
        string subjectId, ErasureRequest? request, ICallerContext caller, PersonErasure erasure, SecurityStamps stamps, CancellationToken ct)
    {
        if (request is not null)
        {
            await new ErasureRequestValidator().ValidateAndThrowAsync(request, ct);
        }

        // The person whole: their portal account and other linked subjects too, and the outbox copies of their e-mails.
        var forgotten = await erasure.ForgetAsync(caller.TenantId, subjectId, caller.UserId, request?.EmailAddresses ?? [], ct);
        foreach (var subject in forgotten)
        {
            stamps.Invalidate(caller.TenantId, subject.SubjectId);
        }

        return TypedResults.Ok(new ErasureResponse(forgotten[0].SubjectId, forgotten[0].ForgottenAt, [.. forgotten.Skip(1).Select(f => f.SubjectId)]));
    }
}
