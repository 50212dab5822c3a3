using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices.Terms;

internal sealed record PublishTermsRequest(string Title, [property: MaxText(200_000)] string Text, Dictionary<string, string>? Settings, DateOnly EffectiveFrom);

internal sealed class PublishTermsValidator : AbstractValidator<PublishTermsRequest>
{
    public PublishTermsValidator()
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Text).NotEmpty();
        RuleFor(r => r.EffectiveFrom).NotEqual(default(DateOnly)).WithMessage("The date the terms take effect is required.");
        RuleForEach(r => r.Settings).Must(kv => !string.IsNullOrWhiteSpace(kv.Key)).WithMessage("Setting names cannot be empty.");
    }
}

/// <summary>POST <c>/api/office/terms-of-sale</c> (admin): a new version of the terms of sale — a text and the settings other modules
/// read (deposit rate, file fees, deadlines...). A booking keeps the version it was contracted under; a new version never changes an old one.</summary>
internal static class PublishTermsEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        TermsOfSaleApi.Group(app).MapPost("/", Handle)
            .RequireAuthorization("office-admin").Validate<PublishTermsRequest>().Idempotent()
            .WithSummary("Publishes a new version of the terms of sale (versions are numbered 1, 2, 3...).");
    }

    internal static async Task<Created<TermsOfSaleVersion>> Handle(
        PublishTermsRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var result = await handler.HandleAsync(
            Office.Decider,
            Office.StreamId(caller.TenantId),
            new PublishTermsOfSale(request.Title, request.Text, request.Settings ?? [], request.EffectiveFrom, time.GetUtcNow()),
            caller.ForRequest(http),
            CommandOptions.ExistingStream,
            ct);
        var published = result.NewEvents.OfType<TermsOfSalePublished>().Single();
        var version = new TermsOfSaleVersion(published.Version, published.Title, published.Text, published.Settings, published.EffectiveFrom, published.PublishedAt);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"/api/office/terms-of-sale/{published.Version}", version);
    }
}
