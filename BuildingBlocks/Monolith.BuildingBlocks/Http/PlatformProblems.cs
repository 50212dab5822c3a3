using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Builds the problem details of this API, so every part of the platform says the same thing the same way.</summary>
public static class PlatformProblems
{
    public const string UnexpectedDetail =
        "Une erreur inattendue s'est produite. Réessayez ; si elle se reproduit, contactez le support en indiquant l'identifiant de trace (traceId).";

    public static HttpValidationProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new(errors)
        {
            Type = ProblemTypes.Validation,
            Title = "Un ou plusieurs champs sont invalides.",
            Status = StatusCodes.Status400BadRequest,
            Detail = "Corrigez les champs listés dans « errors » puis renvoyez la demande.",
            Extensions = { ["code"] = "validation" },
        };

    public static HttpValidationProblemDetails Validation(IEnumerable<ValidationFailure> failures) =>
        Validation(failures
            .GroupBy(f => FieldName(f.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));

    public static ProblemDetails NotFound(string detail) => Make(
        StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Introuvable.", detail);

    public static ProblemDetails RuleViolation(string code, string detail, bool isConflict)
    {
        var problem = Make(
            isConflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            isConflict ? ProblemTypes.Conflict : ProblemTypes.RuleViolation,
            isConflict ? "La demande est incompatible avec l'état actuel de la ressource." : "Une règle de gestion empêche cette opération.",
            detail);
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Optimistic concurrency: 412 when the client sent If-Match (its copy is stale), otherwise 409.</summary>
    public static ProblemDetails ConcurrencyConflict(bool requestHadIfMatch) => requestHadIfMatch
        ? Make(
            StatusCodes.Status412PreconditionFailed,
            ProblemTypes.PreconditionFailed,
            "La ressource a été modifiée par quelqu'un d'autre.",
            "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez chargée. Rechargez-la pour voir la dernière version, puis refaites votre modification.")
        : Make(
            StatusCodes.Status409Conflict,
            ProblemTypes.ConcurrencyConflict,
            "La ressource a été modifiée au même moment.",
            "Quelqu'un d'autre a modifié cette fiche au même moment. Rechargez-la et réessayez.");

    public static ProblemDetails Unauthenticated(string? detail = null) => Make(
        StatusCodes.Status401Unauthorized, ProblemTypes.Unauthenticated, "Connexion requise.",
        detail ?? "Connectez-vous puis renvoyez la demande avec un jeton d'accès valide.");

    public static ProblemDetails InvalidCredentials() => Make(
        StatusCodes.Status401Unauthorized, ProblemTypes.InvalidCredentials, "Échec de la connexion.",
        "L'office, l'adresse e-mail ou le mot de passe est incorrect.");

    public static ProblemDetails Forbidden() => Make(
        StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Accès refusé.",
        "Votre compte n'a pas le rôle nécessaire pour cette opération.");

    public static ProblemDetails TooManyRequests(TimeSpan retryAfter)
    {
        var problem = Make(
            StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests, "Trop de tentatives.",
            $"Trop de tentatives échouées. Réessayez dans {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes))} minute(s).");
        problem.Extensions["retryAfterSeconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return problem;
    }

    public static ProblemDetails BadRequest(string detail) => Make(
        StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "La demande est mal formée.", detail);

    public static ProblemDetails Unexpected() => Make(
        StatusCodes.Status500InternalServerError, ProblemTypes.Unexpected, "Erreur inattendue.", UnexpectedDetail);

    /// <summary>A problem with a French <paramref name="title"/> for people and the stable English <c>code</c> (the end of the type
    /// URI, unless a more specific code is set later) for programs.</summary>
    public static ProblemDetails Make(int status, string type, string title, string? detail)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        problem.Extensions["code"] = ProblemTypes.CodeOf(type);
        return problem;
    }

    /// <summary>FluentValidation property paths (<c>Address.PostalCode</c>, <c>Lines[0].Amount</c>) as the JSON client sees them
    /// (<c>address.postalCode</c>, <c>lines[0].amount</c>).</summary>
    public static string FieldName(string? propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath))
        {
            return string.Empty;
        }

        return string.Join('.', propertyPath.Split('.').Select(segment =>
            segment.Length == 0 || !char.IsUpper(segment[0]) ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
    }
}
