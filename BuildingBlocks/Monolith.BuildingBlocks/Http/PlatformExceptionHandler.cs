using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Monolith.BuildingBlocks.Http;

/// <summary>Turns every exception that escapes an endpoint into RFC 7807 problem details (see <see cref="ExceptionProblemMapper"/>).</summary>
public sealed partial class PlatformExceptionHandler(IProblemDetailsService problemDetails, ILogger<PlatformExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads the answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var problem = ExceptionProblemMapper.Map(exception, httpContext);
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is Documents.ServiceBusyException busy)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (ExceptionProblemMapper.IsDatabaseBusy(exception))
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(ExceptionProblemMapper.DatabaseBusyRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            LogBusy(logger, exception.Message, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (status >= 500)
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            LogMapped(logger, exception.GetType().Name, status, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database busy ({Message}) on {Method} {Path}: answered 503 with Retry-After")]
    private static partial void LogBusy(ILogger logger, string message, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{ExceptionType} mapped to {Status} on {Method} {Path}")]
    private static partial void LogMapped(ILogger logger, string exceptionType, int status, string method, PathString path);
}
