using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.BuildingBlocks.Http;

/// <summary>The one mapping from exceptions to problem details. Used by the exception handler and by the idempotency filter
/// (which must store the 4xx answer of a failed command). Unknown exceptions become a generic 500: never a message or stack trace.</summary>
public static class ExceptionProblemMapper
{
    public static ProblemDetails Map(Exception exception, HttpContext? httpContext) => exception switch
    {
        ValidationException v => PlatformProblems.Validation(v.Errors),
        RequestValidationException r => PlatformProblems.Validation(r.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)),
        NotFoundException n => PlatformProblems.NotFound(n.Message),
        DomainRuleViolation d => PlatformProblems.RuleViolation(d.Code, d.Message, d.IsConflict),
        WrongExpectedRevisionException => PlatformProblems.ConcurrencyConflict(HadIfMatch(httpContext)),
        UnauthenticatedException u => PlatformProblems.Unauthenticated(u.Message),
        BadHttpRequestException b when b.StatusCode is >= 400 and < 500 => BadHttpRequest(b),
        Documents.ServiceBusyException busy => Busy(busy),
        Microsoft.Data.Sqlite.SqliteException sqlite when IsDatabaseBusy(sqlite) => DatabaseBusy(),
        LogRegressionException regression => PlatformProblems.Make(
            StatusCodes.Status503ServiceUnavailable, ProblemTypes.LogRegression, "Enregistrement suspendu : journal des événements incohérent.", regression.Message),
        _ => PlatformProblems.Unexpected(),
    };

    /// <summary>How long a client is asked to wait after the embedded database stayed locked past its busy timeout.</summary>
    public static readonly TimeSpan DatabaseBusyRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>SQLITE_BUSY (5) or SQLITE_LOCKED (6): the one writer of the embedded file was taken for longer than the busy timeout.
    /// Nothing was written (the transaction rolled back): the client may simply try again — 503 with Retry-After, never a 500.</summary>
    public static bool IsDatabaseBusy(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 };

    private static ProblemDetails DatabaseBusy()
    {
        var problem = PlatformProblems.Make(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceBusy, "Service momentanément occupé.",
            "Le service est très sollicité en ce moment : rien n'a été enregistré, réessayez dans un instant.");
        problem.Extensions["retryAfterSeconds"] = (int)Math.Ceiling(DatabaseBusyRetryAfter.TotalSeconds);
        return problem;
    }

    private static ProblemDetails Busy(Documents.ServiceBusyException busy)
    {
        var problem = PlatformProblems.Make(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceBusy, "Service momentanément occupé.", busy.Message);
        problem.Extensions["retryAfterSeconds"] = (int)Math.Ceiling(busy.RetryAfter.TotalSeconds);
        return problem;
    }

    private static bool HadIfMatch(HttpContext? httpContext) =>
        httpContext is not null && httpContext.Request.Headers.IfMatch.Count > 0;

    private static ProblemDetails BadHttpRequest(BadHttpRequestException exception)
    {
        // Raised by the framework while binding (malformed JSON, a query value of the wrong type, a missing body...). Its message
        // names C# types ("Nullable<DateOnly> from"): people get a French sentence naming the JSON field or the parameter instead.
        if (exception.StatusCode == StatusCodes.Status400BadRequest && BindingErrors.Describe(exception) is { } errors)
        {
            return PlatformProblems.Validation(errors);
        }

        var problem = PlatformProblems.BadRequest(exception.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "La demande est trop volumineuse."
            : "La demande n'a pas pu être lue : vérifiez que le corps est un JSON valide avec les champs et les types documentés.");
        problem.Status = exception.StatusCode;
        problem.Type = ProblemTypes.ForStatus(exception.StatusCode);
        problem.Extensions["code"] = ProblemTypes.CodeOf(problem.Type);
        return problem;
    }
}
