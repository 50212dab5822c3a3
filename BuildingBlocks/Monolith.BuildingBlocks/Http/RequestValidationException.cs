namespace Monolith.BuildingBlocks.Http;

/// <summary>A request that is malformed field by field (outside a FluentValidation validator: a header, a query string...).
/// Maps to 400 validation problem details with <see cref="Errors"/> as the <c>errors</c> member.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The caller is not authenticated (no or invalid bearer token). Maps to 401.</summary>
public sealed class UnauthenticatedException(string message = "Authentication is required.") : Exception(message);
