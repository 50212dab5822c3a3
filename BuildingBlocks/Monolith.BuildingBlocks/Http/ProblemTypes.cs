namespace Monolith.BuildingBlocks.Http;

/// <summary>Stable <c>type</c> URIs of the problem details this API returns (RFC 7807/9457). Clients switch on these, never on titles.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:monolith:problem:";

    public const string Validation = Prefix + "validation";
    public const string BadRequest = Prefix + "bad-request";
    public const string Unauthenticated = Prefix + "unauthenticated";
    public const string InvalidCredentials = Prefix + "invalid-credentials";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string RuleViolation = Prefix + "rule-violation";
    public const string Conflict = Prefix + "conflict";
    public const string ConcurrencyConflict = Prefix + "concurrency-conflict";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string IdempotencyKeyInFlight = Prefix + "idempotency-key-in-flight";
    public const string TooManyRequests = Prefix + "too-many-requests";
    public const string Unexpected = Prefix + "unexpected";
    public const string ServiceBusy = Prefix + "service-busy";
    public const string LogRegression = Prefix + "event-log-regression";

    /// <summary>The stable English code of a type: <c>urn:monolith:problem:not-found</c> → <c>not-found</c>.</summary>
    public static string CodeOf(string type) => type.StartsWith(Prefix, StringComparison.Ordinal) ? type[Prefix.Length..] : type;

    /// <summary>The type for a status code that has no more specific problem (used by status code pages).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        428 => PreconditionRequired,
        422 => RuleViolation,
        429 => TooManyRequests,
        >= 500 => Unexpected,
        _ => Prefix + "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
