using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Builds the problem details of this API, so every part of the platform says the same thing the same way.</summary>
public static class PlatformProblems
{
    public const string UnexpectedDetail =
        "An unexpected error occurred. Please try again; if it keeps happening, contact support and quote the trace id.";

    public static HttpValidationProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new(errors)
        {
            Type = ProblemTypes.Validation,
            Title = "One or more fields are invalid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = "Correct the fields listed in 'errors' and send the request again.",
        };

    public static HttpValidationProblemDetails Validation(IEnumerable<ValidationFailure> failures) =>
        Validation(failures
            .GroupBy(f => FieldName(f.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));

    public static ProblemDetails NotFound(string detail) => Make(
        StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found.", detail);

    public static ProblemDetails RuleViolation(string code, string detail, bool isConflict)
    {
        var problem = Make(
            isConflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            isConflict ? ProblemTypes.Conflict : ProblemTypes.RuleViolation,
            isConflict ? "The request conflicts with the current state of the resource." : "A business rule prevents this operation.",
            detail);
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Optimistic concurrency: 412 when the client sent If-Match (its copy is stale), otherwise 409.</summary>
    public static ProblemDetails ConcurrencyConflict(bool requestHadIfMatch) => requestHadIfMatch
        ? Make(
            StatusCodes.Status412PreconditionFailed,
            ProblemTypes.PreconditionFailed,
            "The resource was changed by someone else.",
            "This record was modified by someone else since you loaded it. Reload it to see the latest version, then apply your change again.")
        : Make(
            StatusCodes.Status409Conflict,
            ProblemTypes.ConcurrencyConflict,
            "The resource was changed at the same time.",
            "Someone else modified this record at the same moment. Reload it and try again.");

    public static ProblemDetails Unauthenticated(string? detail = null) => Make(
        StatusCodes.Status401Unauthorized, ProblemTypes.Unauthenticated, "Authentication required.",
        detail ?? "Sign in and send the request again with a valid bearer token.");

    public static ProblemDetails InvalidCredentials() => Make(
        StatusCodes.Status401Unauthorized, ProblemTypes.InvalidCredentials, "Sign-in failed.",
        "The office, e-mail or password is incorrect.");

    public static ProblemDetails Forbidden() => Make(
        StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Access denied.",
        "Your account does not have the role required for this operation.");

    public static ProblemDetails TooManyRequests(TimeSpan retryAfter)
    {
        var problem = Make(
            StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests, "Too many attempts.",
            $"Too many failed attempts. Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes))} minute(s).");
        problem.Extensions["retryAfterSeconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return problem;
    }

    public static ProblemDetails BadRequest(string detail) => Make(
        StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "The request is malformed.", detail);

    public static ProblemDetails Unexpected() => Make(
        StatusCodes.Status500InternalServerError, ProblemTypes.Unexpected, "An unexpected error occurred.", UnexpectedDetail);

    public static ProblemDetails Make(int status, string type, string title, string? detail) =>
        new() { Status = status, Type = type, Title = title, Detail = detail };

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
