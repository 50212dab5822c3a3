using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Host.Tests.Http;

public sealed record TestRequest(string Name, int Age, TestColour Colour = TestColour.DeepBlue);

public enum TestColour { Red, DeepBlue }

public sealed record CounterRequest(string Label);

public sealed class TestRequestValidator : AbstractValidator<TestRequest>
{
    public TestRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Enter a name.");
        RuleFor(r => r.Age).GreaterThanOrEqualTo(0).WithMessage("The age cannot be negative.");
    }
}

/// <summary>Lets a test hold a request inside its handler until the test releases it.</summary>
public sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Small endpoints, only in tests, that exercise the platform (problem details, idempotency, policies, tenancy).</summary>
public static class TestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/test");
        g.MapPost("/validate", (TestRequest r) => TypedResults.Ok(r)).Validate<TestRequest>();
        g.MapGet("/not-found", IResult () => throw new NotFoundException("Membership order 42 was not found."));
        g.MapPost("/rule", IResult () => throw new DomainRuleViolation("quote.expired", "The quote expired on 01/03/2025."));
        g.MapPost("/rule-conflict", IResult () => throw new DomainRuleViolation("booking.already-confirmed", "The booking is already confirmed.", isConflict: true));
        g.MapPost("/concurrency", IResult (HttpRequest request) =>
        {
            var expected = IfMatch.Parse(request) ?? ExpectedRevision.Any;
            throw new WrongExpectedRevisionException("office-1", expected, 9);
        });
        g.MapGet("/boom", IResult () => throw new InvalidOperationException("Secret connection string Password=hunter2"));
        g.MapGet("/etag", () => TypedResults.Ok(new { name = "office" }).WithRevision(7));
        g.MapGet("/if-match", (HttpRequest request) => TypedResults.Ok(new { expected = IfMatch.Parse(request)?.ToString() }));
        g.MapGet("/caller", (ICallerContext caller) => TypedResults.Ok(new { caller.TenantId }));
        g.MapGet("/tenants/{tenantId}/thing", (string tenantId, ICallerContext caller) =>
        {
            caller.EnsureSameTenant(tenantId, "The thing");
            return TypedResults.Ok(new { tenantId });
        }).RequireAuthorization(PlatformPolicies.OfficeRead);

        g.MapGet("/admin", () => TypedResults.Ok()).RequireAuthorization(PlatformPolicies.OfficeAdmin);
        g.MapGet("/staff", () => TypedResults.Ok()).RequireAuthorization(PlatformPolicies.OfficeStaff);
        g.MapGet("/accounting", () => TypedResults.Ok()).RequireAuthorization(PlatformPolicies.Accountant);
        g.MapGet("/read", () => TypedResults.Ok()).RequireAuthorization(PlatformPolicies.OfficeRead);
        g.MapGet("/portal", () => TypedResults.Ok()).RequireAuthorization(PlatformPolicies.Customer);

        g.MapPost("/counter", async (CounterRequest r, SqliteConnectionFactory db, ICallerContext caller) =>
        {
            var count = await AddSideEffectAsync(db, r.Label);
            return TypedResults.Created($"/test/counter/{count}", new { count, label = r.Label, caller.TenantId }).WithRevision(count);
        }).Idempotent().RequireAuthorization(PlatformPolicies.OfficeStaff);

        g.MapPost("/counter-rule", async (CounterRequest r, SqliteConnectionFactory db) =>
        {
            await AddSideEffectAsync(db, r.Label);
            throw new DomainRuleViolation("counter.refused", "Refused after counting.");
        }).Idempotent().RequireAuthorization(PlatformPolicies.OfficeStaff);

        g.MapPost("/counter-boom", async (CounterRequest r, SqliteConnectionFactory db) =>
        {
            await AddSideEffectAsync(db, r.Label);
            throw new InvalidOperationException("crash after counting");
        }).Idempotent().RequireAuthorization(PlatformPolicies.OfficeStaff);

        g.MapPost("/counter-slow", async (CounterRequest r, SqliteConnectionFactory db, Gate gate) =>
        {
            gate.Entered.TrySetResult();
            await gate.Release.Task;
            var count = await AddSideEffectAsync(db, r.Label);
            return TypedResults.Ok(new { count });
        }).Idempotent().RequireAuthorization(PlatformPolicies.OfficeStaff);
    }

    public static async Task<long> CountSideEffectsAsync(SqliteConnectionFactory db)
    {
        await using var connection = await db.OpenAsync();
        await EnsureTableAsync(connection);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_side_effects");
    }

    private static async Task<long> AddSideEffectAsync(SqliteConnectionFactory db, string label)
    {
        await using var connection = await db.OpenAsync();
        await EnsureTableAsync(connection);
        await using var tx = connection.BeginWrite();
        await connection.ExecuteAsync("INSERT INTO test_side_effects (label) VALUES (@label)", new { label }, tx);
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_side_effects", transaction: tx);
        await tx.CommitAsync();
        return count;
    }

    private static async Task EnsureTableAsync(Microsoft.Data.Sqlite.SqliteConnection connection) =>
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS test_side_effects (id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
}
